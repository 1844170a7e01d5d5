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
/// <remarks>With the control store, each round of samples is also written there for the fleet's view; a write that fails is
/// logged and the samples stay in this replica's memory.</remarks>
internal sealed class TimelineSampler(GatewayMetrics metrics, RoutingTableSource tables, IOptions<TimelineOptions> options, TimeProvider clock,
    CdcLagProbe cdc, ILogger<TimelineSampler> log, FleetTimeline? fleet = null)
    : BackgroundService
{
    private readonly ConcurrentDictionary<string, GroupTimeline> _timelines = new(StringComparer.Ordinal);

    public TimelineOptions Options => options.Value;

    /// <summary>A group's samples, oldest first; none for a group not sampled yet.</summary>
    public IReadOnlyList<TimelineSample> Samples(string group) =>
        _timelines.TryGetValue(group, out var timeline) ? timeline.Samples() : [];

    /// <summary>Takes one sample of every group as it stands now, with the CDC lag its new service reports.</summary>
    public async Task<IReadOnlyList<(string Group, TimelineSample Sample)>> SampleAllAsync(CancellationToken ct)
    {
        var groups = tables.Current.Groups.Values.ToList();
        // Asked first and side by side: the counters are then read at one moment, however slow a service is to answer.
        var lags = await Task.WhenAll(groups.Select(g => g.Topology.Service).Distinct(StringComparer.Ordinal)
            .Select(async service => (Service: service, Lag: await cdc.LagSecondsAsync(service, ct))));
        var now = clock.GetUtcNow();
        var samples = new List<(string, TimelineSample)>();
        foreach (var group in groups)
        {
            var flags = group.Rollout.Flags;
            var lag = lags.First(l => l.Service == group.Topology.Service).Lag;
            samples.Add((group.Name, _timelines.GetOrAdd(group.Name, _ => new GroupTimeline(options.Value)).Sample(metrics.Group(group.Name),
                group.Topology.Service, flags.Stage.ToWire(), flags.Stage == MigrationStage.Live ? flags.Percent : 0, now, lag)));
        }
        return samples;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.Value.Interval, clock);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                var samples = await SampleAllAsync(stoppingToken);
                if (fleet is not null)
                {
                    try
                    {
                        await fleet.WriteAsync(samples, stoppingToken);
                    }
                    catch (Exception e) when (!stoppingToken.IsCancellationRequested)
                    {
                        // Whatever the store says, the charts are not worth the gateway: this replica keeps sampling.
                        log.LogWarning("The timeline's samples could not be written to the control store ({Message}); the fleet's charts miss them", e.Message);
                    }
                }
            }
        }
        catch (Exception) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: a write cut short is not an error.
        }
    }
}
