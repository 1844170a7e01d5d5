using Ftgo.Gateway.Routing;
using Ftgo.Stages;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ftgo.Gateway.Timeline;

/// <summary>
/// The dashboard's charts' data: per group the samples of the last <see cref="SpanSeconds"/> (this replica's
/// counters) and the flags changes in that time as markers (the flags history: with the control store, the fleet's).
/// The gateway does not know the CDC lag (the CDC runner beats it into the services' databases, which only
/// <c>ftgo</c> reads), so there is none here.
/// </summary>
public sealed record TimelineReport(double IntervalSeconds, double SpanSeconds, DateTimeOffset From, DateTimeOffset To,
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
        IFlagsHistory history, TimeProvider clock, CancellationToken ct)
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
        var reports = groups.Values.Where(g => group is null || g.Name == group).OrderBy(g => g.Name, StringComparer.Ordinal)
            .Select(g => new GroupTimelineReport(g.Name, g.Topology.Service, sampler.Samples(g.Name),
                changes.Where(c => c.Group == g.Name).Select(TimelineEvent.Of).OfType<TimelineEvent>().ToList()))
            .ToList();
        return TypedResults.Ok(new TimelineReport(options.Interval.TotalSeconds, options.Span.TotalSeconds, from, to, reports));
    }
}
