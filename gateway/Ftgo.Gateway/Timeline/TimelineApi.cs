using Ftgo.Gateway.Routing;
using Ftgo.Stages;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ftgo.Gateway.Timeline;

/// <summary>
/// The dashboard's charts' data: per group the samples of the last <see cref="SpanSeconds"/> and the flags changes in
/// that time as markers (the flags history). <see cref="Source"/> says whose samples: <c>fleet</c> (every replica's, added
/// up per interval, from the control store) or <c>replica</c> (this one's: on the flags file, or the store not answering).
/// Each sample carries the CDC lag the group's new service reported then (see <see cref="CdcLagProbe"/>).
/// </summary>
public sealed record TimelineReport(double IntervalSeconds, double SpanSeconds, DateTimeOffset From, DateTimeOffset To, string Source,
    IReadOnlyList<GroupTimelineReport> Groups);

/// <summary>One group's timeline: its samples, oldest first, and its stage changes and rollbacks.</summary>
public sealed record GroupTimelineReport(string Group, string Service, IReadOnlyList<TimelineSample> Samples, IReadOnlyList<TimelineEvent> Events);

/// <summary><c>GET /_strangler/timeline?group=</c>: every group's timeline, or one group's.</summary>
internal static class TimelineApi
{
    public static RouteGroupBuilder MapTimeline(this RouteGroupBuilder api)
    {
        api.MapGet("/timeline", Get);
        return api;
    }

    private static async Task<Results<Ok<TimelineReport>, ProblemHttpResult>> Get(string? group, TimelineSampler sampler, RoutingTableSource tables,
        IFlagsHistory history, TimeProvider clock, IServiceProvider services, CancellationToken ct)
    {
        var groups = tables.Current.Groups;
        if (group is not null && !groups.ContainsKey(group))
        {
            return TypedResults.Problem(statusCode: 404, title: "not found", type: "urn:ftgo:problem:unknown-group",
                detail: $"There is no route group '{group}'.");
        }
        var options = sampler.Options;
        var to = clock.GetUtcNow();
        var from = to - options.Span;
        var changes = await history.ReadAsync(group, from, 10_000, ct);
        IReadOnlyDictionary<string, IReadOnlyList<TimelineSample>>? fleetSamples = null;
        if (services.GetService<FleetTimeline>() is { } fleet)
        {
            try
            {
                fleetSamples = await fleet.ReadAsync(group, from, ct);
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
            {
                services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TimelineApi)).LogWarning("The fleet's timeline cannot be read ({Message}): this replica's is shown", e.Message);
            }
        }
        var reports = groups.Values.Where(g => group is null || g.Name == group).OrderBy(g => g.Name, StringComparer.Ordinal)
            .Select(g => new GroupTimelineReport(g.Name, g.Topology.Service,
                fleetSamples is null ? sampler.Samples(g.Name) : fleetSamples.GetValueOrDefault(g.Name, []),
                changes.Where(c => c.Group == g.Name).Select(TimelineEvent.Of).OfType<TimelineEvent>().ToList()))
            .ToList();
        return TypedResults.Ok(new TimelineReport(options.Interval.TotalSeconds, options.Span.TotalSeconds, from, to,
            fleetSamples is null ? "replica" : "fleet", reports));
    }
}
