using System.Globalization;
using Ftgo.Gateway.Routing;
using Ftgo.Gateway.Telemetry;
using Ftgo.Stages;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Resilience;

/// <summary>
/// During <c>live</c>, moves a group back to <c>dualwrite</c> when the new side's error rate or p99
/// over the group's window passes its bounds: it writes the flag (so every process, the monolith
/// included, follows), logs why, counts it, and keeps the reason for the dashboard.
/// </summary>
internal sealed class AutoRollback(RoutingTableSource tables, NewSideWindows windows, IMigrationFlagsWriter writer,
    GatewayMetrics metrics, IOptions<ResilienceOptions> options, TimeProvider clock, ILogger<AutoRollback> log) : BackgroundService
{
    public const string Actor = "gateway auto-rollback";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.RollbackCheckInterval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await CheckAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    internal async Task CheckAsync(CancellationToken ct)
    {
        foreach (var group in tables.Current.Groups.Values)
        {
            var flags = group.Rollout.Flags;
            if (flags.Stage != MigrationStage.Live || !flags.Rollback.Enabled)
            {
                windows.Reset(group.Name, flags.Rollback.WindowSeconds);
                continue;
            }
            windows.EnsureLength(group.Name, flags.Rollback.WindowSeconds);
            var summary = windows.Summarise(group.Name);
            if (Breach(summary, flags.Rollback) is not { } reason)
            {
                continue;
            }
            try
            {
                await writer.UpdateAsync(group.Name, current => current.Stage == MigrationStage.Live
                    ? current with { Stage = MigrationStage.DualWrite, Percent = 0, ChangedBy = Actor, Reason = reason }
                    : current, ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FlagsValidationException)
            {
                log.LogError(e, "Auto-rollback of group {Group} could not write the flags file", group.Name);
                continue;
            }
            windows.Reset(group.Name, flags.Rollback.WindowSeconds);
            metrics.RolledBack(group.Name, flags.Percent, reason, clock.GetUtcNow());
            log.LogWarning("Auto-rollback: group {Group} moved from live ({Percent}%) to dualwrite: {Reason}",
                group.Name, flags.Percent, reason);
        }
    }

    internal static string? Breach(WindowSummary summary, RollbackBounds bounds)
    {
        if (summary.Requests < bounds.MinRequests)
        {
            return null;
        }
        var window = $"over {summary.Requests} new-side requests in the last {bounds.WindowSeconds} s";
        if (summary.ErrorRate > bounds.MaxErrorRate)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"error rate {summary.ErrorRate:P1} > {bounds.MaxErrorRate:P1} {window}");
        }
        if (summary.P99Ms > bounds.MaxP99Ms)
        {
            return string.Create(CultureInfo.InvariantCulture, $"p99 {summary.P99Ms:0.#} ms > {bounds.MaxP99Ms:0.#} ms {window}");
        }
        return null;
    }
}
