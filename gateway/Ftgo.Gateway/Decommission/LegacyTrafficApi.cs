using Ftgo.Gateway.Routing;
using Ftgo.Stages;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ftgo.Gateway.Decommission;

/// <summary>
/// What the monolith answered of a group's routes since <see cref="Since"/>: every route of the group, with its count
/// (0 when quiet). <see cref="Source"/>: <c>fleet</c> (every replica's, through the control store) or <c>replica</c>
/// (this one's alone: the flags file, or the store not answering).
/// </summary>
public sealed record LegacyTrafficReport(string Group, string Stage, DateTimeOffset Since, DateTimeOffset Until, string Source,
    IReadOnlyList<LegacyRouteReport> Routes);

/// <summary>One route: legacy's answers in the window, the last one's time, and which replicas saw them.</summary>
public sealed record LegacyRouteReport(string Route, long Answers, DateTimeOffset? LastSeen, IReadOnlyList<ReplicaAnswers> Replicas);

/// <summary>One replica's share of a route's legacy answers.</summary>
public sealed record ReplicaAnswers(string Replica, long Answers, DateTimeOffset LastSeen);

/// <summary><c>GET /_strangler/groups/{group}/legacy-traffic?since=</c>: the gateway's half of <c>ftgo decommission-check</c>.</summary>
internal static class LegacyTrafficApi
{
    /// <summary>The window when <c>since</c> is not given.</summary>
    public static readonly TimeSpan DefaultWindow = TimeSpan.FromMinutes(10);

    public static RouteGroupBuilder MapLegacyTraffic(this RouteGroupBuilder api)
    {
        api.MapGet("/groups/{group}/legacy-traffic", Get);
        return api;
    }

    private static async Task<Results<Ok<LegacyTrafficReport>, ProblemHttpResult>> Get(string group, DateTimeOffset? since, RoutingTableSource tables,
        LegacyAnswers answers, TimeProvider clock, IServiceProvider services, CancellationToken ct)
    {
        var table = tables.Current;
        if (!table.Groups.TryGetValue(group, out var state))
        {
            return TypedResults.Problem(statusCode: 404, title: "not found", type: "urn:ftgo:problem:unknown-group",
                detail: $"There is no route group '{group}'.");
        }
        var until = clock.GetUtcNow();
        var from = since ?? until - DefaultWindow;
        if (from < until - LegacyAnswers.Retention || from > until)
        {
            return TypedResults.Problem(statusCode: 400, title: "invalid window", type: "urn:ftgo:problem:invalid-window",
                detail: $"'since' must lie within the last {LegacyAnswers.Retention.TotalMinutes:0} minutes (the gateway keeps its counts that long), not {from:O}.");
        }
        var self = services.GetService<FleetLegacyAnswers>();
        var counts = answers.Since(group, from)
            .Select(c => new ReplicaLegacyCount(self?.Replica ?? Environment.MachineName, c.Route, c.Answers, c.LastAt)).ToList();
        var source = "replica";
        if (self is not null)
        {
            try
            {
                counts.AddRange(await self.OthersSinceAsync(group, from, ct));
                source = "fleet";
            }
            catch (Exception e) when (e is Npgsql.NpgsqlException or TimeoutException or InvalidOperationException)
            {
                services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LegacyTrafficApi))
                    .LogWarning("The fleet's legacy answers cannot be read ({Message}): this replica's are shown", e.Message);
            }
        }
        var keys = state.Topology.Routes.Select(r => r.Key).ToList();
        // A route counted under an older configuration is shown too: legacy answered it.
        keys.AddRange(counts.Select(c => c.Route).Where(r => !keys.Contains(r)).Distinct());
        var routes = keys.Select(key =>
        {
            var seen = counts.Where(c => c.Route == key).OrderBy(c => c.Replica, StringComparer.Ordinal)
                .Select(c => new ReplicaAnswers(c.Replica, c.Answers, c.LastAt)).ToList();
            return new LegacyRouteReport(key, seen.Sum(s => s.Answers), seen.Count == 0 ? null : seen.Max(s => s.LastSeen), seen);
        }).ToList();
        return TypedResults.Ok(new LegacyTrafficReport(group, state.Rollout.Flags.Stage.ToWire(), from, until, source, routes));
    }
}
