namespace Ftgo.Migration.Tests.Infrastructure;

/// <summary>
/// A steady stream of legacy writes (about <c>rate</c> per second) until stopped: new orders with
/// lines, accepts with courier actions, line changes and deletes — every synced table moves.
/// </summary>
public sealed class WriteLoad : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _task;
    private long _writes;

    public WriteLoad(LegacyWriter legacy, long restaurant, long courier, int rate = 100)
    {
        _task = Task.Run(async () =>
        {
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / rate));
            var orders = new List<long>();
            var step = 0;
            while (await timer.WaitForNextTickAsync(_stop.Token).AsTask().ContinueWith(t => !t.IsCanceled && t.Result))
            {
                step++;
                if (step % 5 == 3 && orders.Count > 2)
                {
                    await legacy.AcceptAsync(orders[^2], courier);
                }
                else if (step % 5 == 4 && orders.Count > 3)
                {
                    await legacy.ExecuteAsync("UPDATE {t}order_line_items SET quantity = quantity + 1 WHERE order_id = @o", ("@o", orders[^3]));
                }
                else if (step % 10 == 7 && orders.Count > 4)
                {
                    await legacy.ExecuteAsync("DELETE FROM {t}order_line_items WHERE order_id = @o AND menu_item_id = '2'", ("@o", orders[^4]));
                }
                else
                {
                    orders.Add(await legacy.InsertOrderAsync(restaurant, lines: 2));
                }
                Interlocked.Increment(ref _writes);
            }
        });
    }

    public long Writes => Interlocked.Read(ref _writes);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _task;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_task.IsCompleted)
        {
            await StopAsync();
        }
    }
}
