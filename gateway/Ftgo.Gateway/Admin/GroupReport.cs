using Ftgo.Gateway.Resilience;
using Ftgo.Gateway.Shadow;
using Ftgo.Gateway.Telemetry;
using Ftgo.Stages;

namespace Ftgo.Gateway.Admin;

/// <summary>
/// One group as <c>GET /_strangler/groups</c> shows it: flags (with the flags version they come from),
/// counters, window, circuit, mismatches (the fleet's, with the control store: how many are kept, and dropped by the bound).
/// <see cref="Compared"/> = <see cref="Matched"/> + <see cref="Converged"/> + <see cref="NoiseOnly"/> + <see cref="Mismatched"/>, and
/// <see cref="MismatchRate"/> = mismatched / compared: a difference that converged on its re-read (replication
/// lag), or that lay only in paths learned as noise, is a compared read, not a mismatch. <see cref="Noise"/> is what
/// <c>GET /_strangler/groups/{group}/noise</c> shows.
/// </summary>
public sealed record GroupReport(
    string Group,
    string Service,
    bool NewOnly,
    string Stage,
    double Percent,
    double ShadowSampleRatio,
    RollbackBounds Rollback,
    DateTimeOffset? ChangedAt,
    string? ChangedBy,
    string? Reason,
    IReadOnlyDictionary<string, OriginReport> Origins,
    long Requests,
    long Compared,
    long Matched,
    long Mismatched,
    long Converged,
    long NoiseOnly,
    long Unconfirmed,
    long ShadowErrors,
    long Dropped,
    double MismatchRate,
    long Fallbacks,
    long MovedResends,
    WindowReport Window,
    string Circuit,
    long Rollbacks,
    RollbackRecord? LastRollback,
    IReadOnlyList<MismatchSummary> RecentMismatches,
    long MismatchesKept,
    long MismatchesDropped,
    Approval? Approval,
    long FlagsVersion,
    NoiseReport Noise,
    PartitionReport? Partitions = null);

/// <summary>
/// A group split by data partition, or configured to be (<c>partition:restaurant</c>): what the flags say (<see cref="By"/>, the
/// lists), what the configuration names, how this replica's requests found their partition, and its cache. <see cref="Note"/>
/// says when the configuration and the flags disagree (the flags decide, in every process).
/// </summary>
public sealed record PartitionReport(
    string? By,
    string? Configured,
    IReadOnlyList<string>? Allow,
    IReadOnlyList<string>? Deny,
    long FromRoute,
    long CacheHits,
    long CacheMisses,
    long Unknown,
    long LookupFailures,
    long CacheEntries,
    int CacheSize,
    string? Note);

/// <summary>Counters of one origin within a group.</summary>
public sealed record OriginReport(
    long Requests,
    long ServerErrors,
    long NewSideFailures,
    long Compared,
    long Matched,
    long Mismatched,
    long Converged,
    long NoiseOnly,
    long Unconfirmed,
    long ShadowErrors,
    long Dropped,
    double MeanShadowLatencyMs);

/// <summary>The new side's sliding window at live, as the auto-rollback sees it.</summary>
public sealed record WindowReport(long Requests, long Failures, double ErrorRate, double P99Ms);

/// <summary>A kept mismatch without its bodies (<c>GET /_strangler/groups/{group}/mismatches</c> has them).</summary>
public sealed record MismatchSummary(long Id, DateTimeOffset At, string Path, string Origin, int LegacyStatus, int NewStatus,
    IReadOnlyList<string> Paths, string? Confirmation, IReadOnlyList<string>? NoisePaths);

/// <summary>Builds a group's report from what the replica counts and the mismatches kept (the admin API and the dashboard).</summary>
internal sealed class GroupReporter(GatewayMetrics metrics, NewSideWindows windows, CircuitBreakers breakers, MismatchStore mismatches,
    NoiseLedger noise, NoiseSampler sampler, Routing.PartitionResolver partitions)
{
    public async Task<GroupReport> ReportAsync(Routing.GroupState group, long flagsVersion, CancellationToken ct) =>
        GroupReports.Build(group, flagsVersion, metrics.Group(group.Name), windows.Summarise(group.Name),
            breakers.StateOf(group.Topology.Service), await mismatches.RecentAsync(group.Name, GroupReports.RecentMismatches, ct),
            NoiseOf(group)) with { Partitions = PartitionsOf(group) };

    /// <summary>The group's partition split and lookups; null for a group neither split nor configured to be.</summary>
    public PartitionReport? PartitionsOf(Routing.GroupState group)
    {
        var rules = group.Rollout.Flags.Partitions;
        var configured = group.Topology.Cohort.Partition;
        if (rules is null && configured is null)
        {
            return null;
        }
        var stats = metrics.Group(group.Name);
        var note = (rules?.By, configured) switch
        {
            (null, { } c) => $"The configuration names partition:{c}, but the flags do not split the group by it: cohorts are order ids " +
                             $"or consumers in every process until partitions.by is {c}.",
            ({ } b, { } c) when b != c => $"The flags split the group by {b}, the configuration names partition:{c}: the flags decide.",
            _ => null,
        };
        return new PartitionReport(rules?.By, configured, rules?.Allow, rules?.Deny,
            stats.PartitionLookups(Routing.PartitionOutcome.Route), stats.PartitionLookups(Routing.PartitionOutcome.Hit),
            stats.PartitionLookups(Routing.PartitionOutcome.Miss), stats.PartitionLookups(Routing.PartitionOutcome.Unknown),
            stats.PartitionLookups(Routing.PartitionOutcome.Failed), partitions.CachedEntries, partitions.CacheSize, note);
    }

    /// <summary>The group's learned noise (this replica's counts).</summary>
    public NoiseReport NoiseOf(Routing.GroupState group) => noise.Report(group, sampler.SampleOf(group.Topology));
}

internal static class GroupReports
{
    public const int RecentMismatches = 5;

    public static GroupReport Build(Routing.GroupState group, long flagsVersion, GroupStats stats, WindowSummary window, string circuit,
        MismatchPage recent, NoiseReport noise)
    {
        var flags = group.Rollout.Flags;
        var origins = stats.Origins.OrderBy(o => o.Key, StringComparer.Ordinal).ToDictionary(o => o.Key, o => new OriginReport(
            o.Value.Requests, o.Value.ServerErrors, o.Value.NewSideFailures, o.Value.Compared, o.Value.Matched,
            o.Value.Mismatched, o.Value.Converged, o.Value.Noise, o.Value.Unconfirmed, o.Value.ShadowErrors, o.Value.Dropped, Math.Round(o.Value.MeanShadowLatencyMs, 3)));
        var compared = origins.Values.Sum(o => o.Compared);
        var mismatched = origins.Values.Sum(o => o.Mismatched);
        return new GroupReport(
            group.Name, group.Topology.Service, group.Topology.NewOnly, flags.Stage.ToWire(),
            flags.Stage == MigrationStage.Live ? flags.Percent : 0, flags.ShadowSampleRatio, flags.Rollback,
            flags.ChangedAt, flags.ChangedBy, flags.Reason, origins,
            origins.Values.Sum(o => o.Requests), compared, origins.Values.Sum(o => o.Matched), mismatched,
            origins.Values.Sum(o => o.Converged), origins.Values.Sum(o => o.NoiseOnly), origins.Values.Sum(o => o.Unconfirmed),
            origins.Values.Sum(o => o.ShadowErrors), origins.Values.Sum(o => o.Dropped),
            compared == 0 ? 0 : (double)mismatched / compared, stats.Fallbacks, stats.Resent,
            new WindowReport(window.Requests, window.Failures, window.ErrorRate, window.P99Ms), circuit,
            stats.Rollbacks, stats.LastRollback,
            recent.Mismatches.Select(m => new MismatchSummary(m.Id, m.At, m.Path, m.Origin, m.LegacyStatus, m.NewStatus, m.Paths, m.Confirmation, m.NoisePaths))
                .ToList(),
            recent.Kept, recent.Dropped, flags.Approval, flagsVersion, noise);
    }
}
