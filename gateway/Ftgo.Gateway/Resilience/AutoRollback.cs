using System.Globalization;
using Ftgo.Gateway.Routing;
using Ftgo.Gateway.Telemetry;
using Ftgo.Stages;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Resilience;

/// <summary>
/// Guards every stage where something can go wrong: moves a group back, by the rule of its
/// <see cref="RollbackBounds"/>, when the new side's error rate or p99 passes its bound (at <c>live</c>,
/// <c>rampdown</c> and <c>complete</c>) or the confirmed mismatch rate does (at <c>shadow</c> and
/// <c>live</c>). It writes the flag (so every process, the monolith included, follows), logs why,
/// counts it, and keeps the reason for the dashboard. With the control store (<see cref="FleetWindows"/>)
/// it decides on the fleet's windows, the sum of every replica's, and only on the replica that holds the
/// advisory lock: a group is rolled back once, even when no single replica's share would trip it.
/// </summary>
internal sealed class AutoRollback(RoutingTableSource tables, NewSideWindows windows, ComparisonWindows comparisons,
    IMigrationFlagsWriter writer, GatewayMetrics metrics, IOptions<ResilienceOptions> options, TimeProvider clock,
    ILogger<AutoRollback> log, FleetWindows? fleet = null) : BackgroundService
{
    public const string Actor = "gateway auto-rollback";

    /// <summary>The stage each group's windows were filled at: a stage change starts them afresh.</summary>
    private readonly Dictionary<string, MigrationStage> _watched = new(StringComparer.Ordinal);

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
        bool? leading = null; // asked of the store only when a group is watched
        foreach (var group in tables.Current.Groups.Values)
        {
            var flags = group.Rollout.Flags;
            var bounds = flags.Rollback;
            var stage = flags.Stage;
            var from = flags.Stage == MigrationStage.Live ? $"live ({flags.Percent}%)" : stage.ToWire();
            if (!bounds.Enabled || stage < MigrationStage.Shadow || _watched.GetValueOrDefault(group.Name, stage) != stage)
            {
                Forget(group.Name, bounds);
            }
            _watched[group.Name] = stage;
            if (!bounds.Enabled || stage < MigrationStage.Shadow)
            {
                continue;
            }
            windows.EnsureLength(group.Name, bounds.WindowSeconds);
            comparisons.EnsureLength(group.Name, bounds.WindowSeconds);
            leading ??= fleet is null || await fleet.LeadAsync(ct);
            if (leading == false)
            {
                continue; // this replica's windows reach the leader through its beats
            }
            WindowSummary newSide, compared;
            if (fleet is null)
            {
                (newSide, compared) = (windows.Summarise(group.Name), comparisons.Summarise(group.Name));
            }
            else
            {
                try
                {
                    var sum = await fleet.SumAsync(group.Name, flags, ct);
                    (newSide, compared) = (sum.NewSide.Summary(), sum.Comparisons.Summary());
                }
                catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException)
                {
                    log.LogWarning("The fleet's window of group {Group} cannot be read ({Message}); checked again next round", group.Name, e.Message);
                    continue;
                }
            }
            var reason = (stage >= MigrationStage.Live ? Breach(newSide, bounds) : null)
                         ?? (stage.ComparesReads() ? MismatchBreach(compared, bounds) : null);
            if (reason is null)
            {
                continue;
            }
            var target = bounds.TargetFrom(stage);
            try
            {
                await writer.UpdateAsync(group.Name, current => current.Stage == stage
                    ? current with
                    {
                        Stage = target,
                        Percent = target == MigrationStage.Live ? 100 : 0,
                        Reason = reason,
                    }
                    : current, new FlagsWrite(Actor, FlagsWriter.AutoRollback), ct);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FlagsValidationException or StageTransitionException
                                          or Npgsql.NpgsqlException or TimeoutException)
            {
                log.LogError(e, "Auto-rollback of group {Group} could not write the flags", group.Name);
                continue;
            }
            Forget(group.Name, bounds);
            metrics.RolledBack(group.Name, stage, flags.Percent, target, reason, clock.GetUtcNow());
            log.LogWarning("Auto-rollback: group {Group} moved from {From} to {To}: {Reason}", group.Name, from, target.ToWire(), reason);
        }
    }

    private void Forget(string group, RollbackBounds bounds)
    {
        windows.Reset(group, bounds.WindowSeconds);
        comparisons.Reset(group, bounds.WindowSeconds);
    }

    /// <summary>The confirmed mismatch rate over the compared reads of the window, when past its bound.</summary>
    internal static string? MismatchBreach(WindowSummary summary, RollbackBounds bounds) =>
        summary.Requests >= bounds.MinRequests && summary.ErrorRate > bounds.MaxMismatchRate
            ? string.Create(CultureInfo.InvariantCulture,
                $"confirmed mismatch rate {summary.ErrorRate:P1} > {bounds.MaxMismatchRate:P1} over {summary.Requests} compared reads in the last {bounds.WindowSeconds} s")
            : null;

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
