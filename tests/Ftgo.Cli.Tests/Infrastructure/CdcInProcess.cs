using Ftgo.Migration.Cdc;
using Ftgo.Migration.Running;

namespace Ftgo.Cli.Tests.Infrastructure;

/// <summary>CDC as <c>ftgo cdc run</c> runs it — the pump and its heartbeat — inside the test process, stopped at dispose.</summary>
public sealed class CdcInProcess : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _pump;
    private readonly Task _heartbeat;

    private CdcInProcess(CdcSettings settings)
    {
        var statistics = new CdcStatistics();
        _pump = Task.Run(() => CdcRunner.RunAsync(settings, statistics, _stop.Token));
        _heartbeat = Task.Run(() => CdcHeartbeat.RunAsync(settings, statistics, () => CdcHeartbeat.Leader, _stop.Token, TimeSpan.FromMilliseconds(200)));
    }

    /// <summary>Starts CDC and returns once its heartbeat is seen, as an operator starts `ftgo cdc run` before a runbook.</summary>
    public static async Task<CdcInProcess> StartAsync(CdcSettings settings)
    {
        var cdc = new CdcInProcess(settings);
        foreach (var side in settings.Targets.Select(t => t.Side))
        {
            await Eventually.UntilAsync(() => CdcStatusProbe.ReadAsync(settings, side, default), s => s.IsRunning, $"CDC into {side} to beat");
            // The heartbeat starts beside the pump, which installs capture (triggers, slot) as it starts reading: wait for that too.
            await Eventually.UntilAsync(() => CdcPreflight.CheckAsync(settings, side, default), checks => checks.All(c => c.Ok),
                $"CDC's capture for {side} to be in place");
        }
        return cdc;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await Task.WhenAll(_pump, _heartbeat);
        }
        catch (OperationCanceledException)
        {
            // Stopped while still preparing its tables.
        }
        _stop.Dispose();
    }
}
