using System.Reflection;
using Ftgo.Gateway.Capture;
using Ftgo.Gateway.Flags;
using Ftgo.Gateway.Resilience;
using Ftgo.Gateway.Routing;
using Ftgo.Gateway.Shadow;
using Ftgo.Gateway.Telemetry;
using Ftgo.Stages;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ftgo.Gateway.Admin;

/// <summary>Flags as the admin API shows them: the snapshot in force and the last refusal, if any.</summary>
public sealed record FlagsReport(string Provider, long Version, DateTimeOffset LoadedAt, FlagsRefusal? Refusal);

/// <summary>
/// <c>/_strangler</c>: the groups with their stage and counters, stage changes, mismatches, the flags'
/// state, traffic capture, and the dashboard page (the page itself holds no data; its calls carry the token).
/// </summary>
public static class AdminApi
{
    public const string Prefix = "/_strangler";

    public static IEndpointRouteBuilder MapStranglerAdmin(this IEndpointRouteBuilder app)
    {
        // Routing ignores the trailing slash: this serves both /_strangler and /_strangler/.
        app.MapGet(Prefix + "/", Dashboard).ExcludeFromDescription();

        var api = app.MapGroup(Prefix).AddEndpointFilter<AdminToken>().WithTags("Strangler");
        api.MapGet("/groups", GetGroups);
        api.MapGet("/groups/{group}", GetGroup);
        api.MapPost("/groups/{group}/stage", SetStage);
        api.MapGet("/groups/{group}/mismatches", GetMismatches);
        api.MapGet("/flags", GetFlags);
        api.MapCapture();
        // Nothing under /_strangler ever reaches the monolith.
        api.Map("/{**rest}", () => TypedResults.Problem(statusCode: 404, title: "not found",
            type: "urn:ftgo:problem:not-found", detail: "No such admin endpoint."));
        return app;
    }

    private static Ok<List<GroupReport>> GetGroups(RoutingTableSource tables, GatewayMetrics metrics, NewSideWindows windows,
        CircuitBreakers breakers, MismatchStore mismatches) =>
        TypedResults.Ok(tables.Current.Groups.Values.OrderBy(g => g.Name, StringComparer.Ordinal)
            .Select(g => Report(g, metrics, windows, breakers, mismatches)).ToList());

    private static Results<Ok<GroupReport>, ProblemHttpResult> GetGroup(string group, RoutingTableSource tables,
        GatewayMetrics metrics, NewSideWindows windows, CircuitBreakers breakers, MismatchStore mismatches) =>
        tables.Current.Groups.TryGetValue(group, out var state)
            ? TypedResults.Ok(Report(state, metrics, windows, breakers, mismatches))
            : UnknownGroup(group);

    private static async Task<Results<Ok<GroupReport>, ProblemHttpResult>> SetStage(string group, StageChangeRequest request,
        StageChanges changes, RoutingTableSource tables, GatewayMetrics metrics, NewSideWindows windows, CircuitBreakers breakers,
        MismatchStore mismatches, CancellationToken ct)
    {
        var (result, error) = await changes.ApplyAsync(group, request, ct);
        return result switch
        {
            StageChangeResult.UnknownGroup => UnknownGroup(group),
            StageChangeResult.Invalid => TypedResults.Problem(statusCode: 400, title: "invalid stage change",
                type: "urn:ftgo:problem:invalid-stage", detail: error),
            _ => TypedResults.Ok(Report(tables.Current.Groups[group], metrics, windows, breakers, mismatches)),
        };
    }

    private static Results<Ok<IReadOnlyList<Mismatch>>, ProblemHttpResult> GetMismatches(string group, int? limit,
        RoutingTableSource tables, MismatchStore mismatches) =>
        tables.Current.Groups.ContainsKey(group)
            ? TypedResults.Ok(mismatches.Recent(group, Math.Clamp(limit ?? 50, 1, 1000)))
            : UnknownGroup(group);

    private static Ok<FlagsReport> GetFlags(IMigrationFlags flags) =>
        TypedResults.Ok(new FlagsReport(flags.GetType().Name, flags.Current.Version, flags.Current.LoadedAt, flags.LastRefusal));

    private static GroupReport Report(GroupState group, GatewayMetrics metrics, NewSideWindows windows, CircuitBreakers breakers,
        MismatchStore mismatches) =>
        GroupReports.Build(group, metrics.Group(group.Name), windows.Summarise(group.Name),
            breakers.StateOf(group.Topology.Service), mismatches);

    private static ProblemHttpResult UnknownGroup(string group) => TypedResults.Problem(statusCode: 404, title: "not found",
        type: "urn:ftgo:problem:unknown-group", detail: $"There is no route group '{group}'.");

    private static IResult Dashboard()
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Ftgo.Gateway.Admin.dashboard.html")!;
        return Results.Stream(stream, "text/html; charset=utf-8");
    }
}
