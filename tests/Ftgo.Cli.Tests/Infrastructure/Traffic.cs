namespace Ftgo.Cli.Tests.Infrastructure;

/// <summary>
/// Reads through the gateway (GET /couriers/{id}, ids cycling) until disposed: what the gates count. Every other
/// id is in the Delivery service's range (from 10⁹), so at live half the reads are the new side's whatever the
/// percent: a courier's reads go to the side that registered it.
/// </summary>
public sealed class Traffic : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    public Traffic(HttpClient gateway)
    {
        _loop = Task.Run(async () =>
        {
            for (var i = 0; !_stop.IsCancellationRequested; i++)
            {
                try
                {
                    using var _ = await gateway.GetAsync($"/couriers/{(i % 2 == 0 ? 0 : 1_000_000_000) + i % 1000 + 1}", _stop.Token);
                    // Pacing, not synchronisation: keeps the load modest on a shared machine.
                    await Task.Delay(3, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
                catch (HttpRequestException)
                {
                }
            }
        });
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }
}
