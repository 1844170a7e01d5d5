using System.Reflection;
using Ftgo.Gateway.Capture;
using Ftgo.Gateway.Decommission;
using Ftgo.Gateway.Flags;
using Ftgo.Gateway.Resilience;
using Ftgo.Gateway.Routing;
using Ftgo.Gateway.Shadow;
using Ftgo.Gateway.Telemetry;
using Ftgo.Gateway.Timeline;
using Ftgo.Stages;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ftgo.Gateway.Admin;

/// <summary>The fleet as one replica sees it: who it is, whether it decides the rollbacks, every replica's beats, each group's summed window.</summary>
public sealed record FleetReport(string Replica, bool Leader, IReadOnlyList<ReplicaBeat> Beats, IReadOnlyDictionary<string, WindowReport> Groups);

/// <summary>Flags as the admin API shows them: the snapshot in force and the last refusal, if any.</summary>
public sealed record FlagsReport(string Provider, long Version, DateTimeOffset LoadedAt, FlagsRefusal? Refusal);

/// <summary>
/// <c>/_strangler</c>: the groups with their stage and counters, stage changes, mismatches, the flags'
/// state, traffic capture, and the dashboard page (the page itself holds no data; its calls carry the token).
/// </summary>
public static class AdminApi
{
    public const string Prefix = "/_strangler";

    public const string KeptHeader = "X-Ftgo-Mismatches-Kept";
    public const string DroppedHeader = "X-Ftgo-Mismatches-Dropped";

    public static IEndpointRouteBuilder MapStranglerAdmin(this IEndpointRouteBuilder app)
    {
        // Routing ignores the trailing slash: this serves both /_strangler and /_strangler/.
        app.MapGet(Prefix + "/", Dashboard).ExcludeFromDescription();

        var api = app.MapGroup(Prefix).AddEndpointFilter<AdminToken>().WithTags("Strangler");
        api.MapGet("/groups", GetGroups);
        api.MapGet("/groups/{group}", GetGroup);
        api.MapPost("/groups/{group}/stage", SetStage);
        api.MapPost("/groups/{group}/partitions", SetPartitions);
        api.MapPost("/groups/{group}/approval", RequestApproval);
        api.MapPost("/groups/{group}/approve", Approve);
        api.MapGet("/groups/{group}/mismatches", GetMismatches);
        api.MapGet("/groups/{group}/noise", GetNoise);
        api.MapGet("/flags", GetFlags);
        api.MapGet("/history", GetHistory);
        api.MapGet("/fleet", GetFleet);
        api.MapCapture();
        api.MapTimeline();
        api.MapLegacyTraffic();
        // Nothing under /_strangler ever reaches the monolith.
        api.Map("/{**rest}", () => TypedResults.Problem(statusCode: 404, title: "not found",
            type: "urn:ftgo:problem:not-found", detail: "No such admin endpoint."));
        return app;
    }

    private static async Task<Ok<List<GroupReport>>> GetGroups(HttpContext http, RoutingTableSource tables, GroupReporter reporter,
        CancellationToken ct)
    {
        var table = tables.Current;
        http.Response.Headers.ETag = ETag(table.Flags.Version);
        var reports = new List<GroupReport>();
        foreach (var group in table.Groups.Values.OrderBy(g => g.Name, StringComparer.Ordinal))
        {
            reports.Add(await reporter.ReportAsync(group, table.Flags.Version, ct));
        }
        return TypedResults.Ok(reports);
    }

    private static async Task<Results<Ok<GroupReport>, ProblemHttpResult>> GetGroup(HttpContext http, string group, RoutingTableSource tables,
        GroupReporter reporter, CancellationToken ct)
    {
        var table = tables.Current;
        if (!table.Groups.TryGetValue(group, out var state))
        {
            return UnknownGroup(group);
        }
        http.Response.Headers.ETag = ETag(table.Flags.Version);
        return TypedResults.Ok(await reporter.ReportAsync(state, table.Flags.Version, ct));
    }

    /// <summary>
    /// Changes a group's stage on the terms of the request: the version it was decided on (<c>expectedVersion</c>
    /// or <c>If-Match</c>) refuses it with 409 and the flags in force when they have moved on; a move that skips
    /// stages is refused with 409 unless forced with a reason. The change is recorded under the token's name.
    /// </summary>
    private static Task<Results<Ok<GroupReport>, ProblemHttpResult>> SetStage(HttpContext http, string group, StageChangeRequest request,
        StageChanges changes, RoutingTableSource tables, GroupReporter reporter, CancellationToken ct) =>
        WriteAsync(http, group, request.ExpectedVersion, (expected, by) => changes.ApplyAsync(group, request with { ExpectedVersion = expected }, by, ct),
            tables, reporter, ct);

    /// <summary>
    /// <c>POST /groups/{group}/partitions</c> <c>{by, allow?, deny?}</c>: the group's partition split, whole; 400 for a malformed
    /// list, 409 for a change of what a group at live is split by, or on a stale version.
    /// </summary>
    private static Task<Results<Ok<GroupReport>, ProblemHttpResult>> SetPartitions(HttpContext http, string group, PartitionChangeRequest request,
        PartitionChanges changes, RoutingTableSource tables, GroupReporter reporter, CancellationToken ct) =>
        WriteAsync(http, group, request.ExpectedVersion, (expected, by) => changes.ApplyAsync(group, request with { ExpectedVersion = expected }, by, ct),
            tables, reporter, ct);

    /// <summary><c>POST /groups/{group}/approval</c>: a runbook step asks a person's approval at the group's stage (shown by every replica).</summary>
    private static Task<Results<Ok<GroupReport>, ProblemHttpResult>> RequestApproval(HttpContext http, string group, ApprovalRequest request,
        Approvals approvals, RoutingTableSource tables, GroupReporter reporter, CancellationToken ct) =>
        WriteAsync(http, group, request.ExpectedVersion, (expected, by) => approvals.RequestAsync(group, request with { ExpectedVersion = expected }, by, ct),
            tables, reporter, ct);

    /// <summary>
    /// <c>POST /groups/{group}/approve</c>: a person approves the step that waits, naming it (<c>step</c>) and saying
    /// why (<c>reason</c>); 409 <c>nothing-to-approve</c> when that step does not wait.
    /// </summary>
    private static Task<Results<Ok<GroupReport>, ProblemHttpResult>> Approve(HttpContext http, string group, ApproveRequest request,
        Approvals approvals, RoutingTableSource tables, GroupReporter reporter, CancellationToken ct) =>
        WriteAsync(http, group, request.ExpectedVersion, (expected, by) => approvals.ApproveAsync(group, request with { ExpectedVersion = expected }, by, ct),
            tables, reporter, ct);

    /// <summary>
    /// Every flags write of the admin API: on the version it was decided on (<see cref="TryExpectedVersion"/>), under
    /// the token's name; answered with the group as it now is, or the problem that refused it.
    /// </summary>
    private static async Task<Results<Ok<GroupReport>, ProblemHttpResult>> WriteAsync(HttpContext http, string group, long? bodyVersion,
        Func<long?, string, Task<(StageChangeResult Result, string? Error, FlagsSnapshot? Current)>> write, RoutingTableSource tables,
        GroupReporter reporter, CancellationToken ct)
    {
        if (!TryExpectedVersion(http, bodyVersion, out var expected, out var invalid))
        {
            return invalid;
        }
        return await AnswerAsync(http, group, await write(expected, Caller(http)), tables, reporter, ct);
    }

    private static string Caller(HttpContext http) =>
        (http.Features.Get<AdminCaller>() ?? throw new InvalidOperationException("The admin token filter did not run.")).Name;

    /// <summary>The version a write was decided on: <c>If-Match</c> or the body's <c>expectedVersion</c>, which must agree when both are given.</summary>
    private static bool TryExpectedVersion(HttpContext http, long? body, out long? expected, out ProblemHttpResult invalid)
    {
        expected = body;
        invalid = null!;
        if (http.Request.Headers.IfMatch.Count == 0)
        {
            return true;
        }
        if (!long.TryParse(http.Request.Headers.IfMatch.ToString().Trim().Trim('"'), out var ifMatch))
        {
            invalid = TypedResults.Problem(statusCode: 400, title: "invalid stage change", type: "urn:ftgo:problem:invalid-stage",
                detail: $"If-Match must be a flags version (the ETag of GET {Prefix}/groups), not '{http.Request.Headers.IfMatch}'.");
            return false;
        }
        if (body is { } value && value != ifMatch)
        {
            invalid = TypedResults.Problem(statusCode: 400, title: "invalid stage change", type: "urn:ftgo:problem:invalid-stage",
                detail: $"If-Match ({ifMatch}) and expectedVersion ({value}) disagree.");
            return false;
        }
        expected = ifMatch;
        return true;
    }

    /// <summary>A flags write's answer: the group as it now is, or the problem that refused it.</summary>
    private static async Task<Results<Ok<GroupReport>, ProblemHttpResult>> AnswerAsync(HttpContext http, string group,
        (StageChangeResult Result, string? Error, FlagsSnapshot? Current) outcome, RoutingTableSource tables, GroupReporter reporter,
        CancellationToken ct)
    {
        var (result, error, current) = outcome;
        var table = tables.Current;
        http.Response.Headers.ETag = ETag(table.Flags.Version);
        return result switch
        {
            StageChangeResult.UnknownGroup => UnknownGroup(group),
            StageChangeResult.Invalid => TypedResults.Problem(statusCode: 400, title: "invalid stage change",
                type: "urn:ftgo:problem:invalid-stage", detail: error),
            StageChangeResult.Conflict => TypedResults.Problem(statusCode: 409, title: "flags changed since they were read",
                type: "urn:ftgo:problem:flags-version-conflict", detail: error, extensions: new Dictionary<string, object?>
                {
                    ["flagsVersion"] = current!.Version,
                    ["flags"] = current.Groups.ToDictionary(g => g.Key, g => (object?)new { stage = g.Value.Stage.ToWire(), percent = g.Value.Percent }),
                }),
            StageChangeResult.IllegalMove => TypedResults.Problem(statusCode: 409, title: "illegal stage transition",
                type: "urn:ftgo:problem:illegal-transition", detail: error),
            StageChangeResult.NothingToApprove => TypedResults.Problem(statusCode: 409, title: "nothing to approve",
                type: "urn:ftgo:problem:nothing-to-approve", detail: error),
            _ => TypedResults.Ok(await reporter.ReportAsync(table.Groups[group], table.Flags.Version, ct)),
        };
    }

    /// <summary><c>GET /history?group=&amp;since=&amp;limit=</c>: the flags changes, oldest first, as the history keeps them.</summary>
    private static async Task<Results<Ok<IReadOnlyList<FlagsChange>>, ProblemHttpResult>> GetHistory(string? group, DateTimeOffset? since, int? limit,
        IFlagsHistory history, CancellationToken ct)
    {
        if (group is not null && !GroupNames.IsValid(group))
        {
            return UnknownGroup(group);
        }
        return TypedResults.Ok(await history.ReadAsync(group, since, Math.Clamp(limit ?? 100, 1, 10_000), ct));
    }

    /// <summary>
    /// <c>GET /fleet</c> (with the control store): this replica's name, whether it decides the auto-rollback,
    /// each replica's last beats, and per group the fleet's window (the sum the auto-rollback decides on).
    /// </summary>
    private static async Task<Results<Ok<FleetReport>, ProblemHttpResult>> GetFleet(IServiceProvider services, RoutingTableSource tables,
        CancellationToken ct)
    {
        if (services.GetService<FleetWindows>() is not { } fleet)
        {
            return TypedResults.Problem(statusCode: 404, title: "not found", type: "urn:ftgo:problem:no-fleet",
                detail: "This gateway keeps its flags in a file (Ftgo:Flags:Store=file): it decides alone, and has no fleet view.");
        }
        var groups = new Dictionary<string, WindowReport>(StringComparer.Ordinal);
        foreach (var group in tables.Current.Groups.Values.Where(g => g.Rollout.Flags.Stage >= MigrationStage.Shadow))
        {
            var sum = (await fleet.SumAsync(group.Name, group.Rollout.Flags, ct)).NewSide.Summary();
            groups[group.Name] = new WindowReport(sum.Requests, sum.Failures, sum.ErrorRate, sum.P99Ms);
        }
        return TypedResults.Ok(new FleetReport(fleet.Replica, fleet.Leading, await fleet.BeatsAsync(ct), groups));
    }

    private static string ETag(long version) => $"\"{version}\"";

    /// <summary>
    /// <c>GET /groups/{group}/mismatches?limit=</c>: the latest kept, newest first, with their bodies (with the
    /// control store, the whole fleet's); <c>X-Ftgo-Mismatches-Kept</c> and <c>X-Ftgo-Mismatches-Dropped</c>
    /// say how many are kept and how many the bound has dropped.
    /// </summary>
    private static async Task<Results<Ok<IReadOnlyList<Mismatch>>, ProblemHttpResult>> GetMismatches(HttpContext http, string group, int? limit,
        RoutingTableSource tables, MismatchStore mismatches, CancellationToken ct)
    {
        if (!tables.Current.Groups.ContainsKey(group))
        {
            return UnknownGroup(group);
        }
        var page = await mismatches.RecentAsync(group, Math.Clamp(limit ?? 50, 1, 1000), ct);
        http.Response.Headers[KeptHeader] = page.Kept.ToString(System.Globalization.CultureInfo.InvariantCulture);
        http.Response.Headers[DroppedHeader] = page.Dropped.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return TypedResults.Ok(page.Mismatches);
    }

    /// <summary>
    /// <c>GET /groups/{group}/noise</c>: the group's learned noise (this replica's counts): per JSON path its raw and noise
    /// difference rates, whether it is suppressed and why, and which suppressed paths are not yet ignored (<c>proposed</c>).
    /// </summary>
    private static Results<Ok<NoiseReport>, ProblemHttpResult> GetNoise(string group, RoutingTableSource tables, GroupReporter reporter) =>
        tables.Current.Groups.TryGetValue(group, out var state) ? TypedResults.Ok(reporter.NoiseOf(state)) : UnknownGroup(group);

    private static Ok<FlagsReport> GetFlags(IMigrationFlags flags) =>
        TypedResults.Ok(new FlagsReport(flags.GetType().Name, flags.Current.Version, flags.Current.LoadedAt, flags.LastRefusal));

    private static ProblemHttpResult UnknownGroup(string group) => TypedResults.Problem(statusCode: 404, title: "not found",
        type: "urn:ftgo:problem:unknown-group", detail: $"There is no route group '{group}'.");

    private static IResult Dashboard()
    {
        var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("Ftgo.Gateway.Admin.dashboard.html")!;
        return Results.Stream(stream, "text/html; charset=utf-8");
    }
}
