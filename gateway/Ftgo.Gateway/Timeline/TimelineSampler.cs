using System.Collections.Concurrent;
using Ftgo.Gateway.Routing;
using Ftgo.Gateway.Telemetry;
using Ftgo.Stages;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Timeline;

/// <summary>
/// Samples every group's counters (<see cref="GroupStats"/>) once per <see cref="TimelineOptions.Interval"/> into its
/// <see cref="GroupTimeline"/>: off the request path, reading only what the requests already count.
/// </summary>
internal sealed class TimelineSampler(GatewayMetrics metrics, RoutingTableSource tables, IOptions<TimelineOptions> options, TimeProvider clock)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, GroupTimeline> _timelines = new(StringComparer.Ordinal);

    public TimelineOptions Options => options.Value;

    /// <summary>A group's samples, oldest first; none for a group not sampled yet.</summary>
    public IReadOnlyList<TimelineSample> Samples(string group) =>
        _timelines.TryGetValue(group, out var timeline) ? timeline.Samples() : [];

    /// <summary>Takes one sample of every group as it stands now.</summary>
    public void SampleAll()
    {
        var now = clock.GetUtcNow();
        foreach (var group in tables.Current.Groups.Values)
        {
            var flags = group.Rollout.Flags;
            _timelines.GetOrAdd(group.Name, _ => new GroupTimeline(options.Value)).Sample(metrics.Group(group.Name), group.Topology.Service,
                flags.Stage.ToWire(), flags.Stage == MigrationStage.Live ? flags.Percent : 0, now);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                SampleAll();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
