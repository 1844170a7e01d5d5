using Ftgo.Gateway.Routing;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Capture;

/// <summary>A capture switch asked of the admin API: <c>enabled</c> is required; no <c>groups</c> means every group.</summary>
public sealed record CaptureChangeRequest
{
    public bool? Enabled { get; init; }

    public IReadOnlyList<string>? Groups { get; init; }
}

/// <summary>Capture as the admin API shows it: the switch, the limits, and per group its file and counts.</summary>
public sealed record CaptureReport(bool Enabled, IReadOnlyList<string>? Groups, string Folder, int MaxBodyBytes, long MaxFileBytes,
    IReadOnlyList<CaptureGroupReport> Files);

/// <summary>
/// <c>GET /_strangler/capture</c> and <c>POST /_strangler/capture</c> <c>{enabled, groups?}</c>: traffic capture
/// switched at run time, until the next start (which goes back to <c>Ftgo:Gateway:Capture</c>).
/// </summary>
internal static class CaptureApi
{
    public static RouteGroupBuilder MapCapture(this RouteGroupBuilder api)
    {
        api.MapGet("/capture", Get);
        api.MapPost("/capture", Set);
        return api;
    }

    private static Ok<CaptureReport> Get(CaptureSwitch captureSwitch, CaptureStats stats, CaptureFiles files,
        RoutingTableSource tables, IOptions<CaptureOptions> options) =>
        TypedResults.Ok(Report(captureSwitch.State, stats, files, tables, options.Value));

    private static Results<Ok<CaptureReport>, ProblemHttpResult> Set(CaptureChangeRequest request, CaptureSwitch captureSwitch,
        CaptureStats stats, CaptureFiles files, RoutingTableSource tables, IOptions<CaptureOptions> options,
        ILoggerFactory loggers)
    {
        if (request.Enabled is not { } enabled)
        {
            return Invalid("'enabled' (true or false) is required.");
        }
        var unknown = (request.Groups ?? []).Where(g => !tables.Current.Groups.ContainsKey(g)).ToList();
        if (unknown.Count > 0)
        {
            return Invalid($"There is no route group {string.Join(", ", unknown.Select(g => $"'{g}'"))}; the groups are " +
                           $"{string.Join(", ", tables.Current.Groups.Keys.Order(StringComparer.Ordinal))}.");
        }
        var state = captureSwitch.Set(enabled, request.Groups);
        loggers.CreateLogger(typeof(CaptureApi)).LogInformation("Capture switched {State} for {Groups} through the admin API (files in {Folder})", enabled ? "on" : "off",
            state.Groups is null ? "every group" : string.Join(", ", state.Groups), files.Folder);
        return TypedResults.Ok(Report(state, stats, files, tables, options.Value));
    }

    private static CaptureReport Report(CaptureState state, CaptureStats stats, CaptureFiles files, RoutingTableSource tables,
        CaptureOptions options)
    {
        var counted = stats.Report(files.FileOf).ToDictionary(r => r.Group, StringComparer.Ordinal);
        var shown = (state.Groups ?? tables.Current.Groups.Values.Where(g => !g.Topology.NewOnly).Select(g => g.Name))
            .Concat(counted.Keys).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal);
        var reports = shown.Select(group =>
        {
            var file = files.FileOf(group);
            var bytes = File.Exists(file) ? new FileInfo(file).Length : 0;
            return counted.TryGetValue(group, out var report)
                ? report with { Bytes = bytes }
                : new CaptureGroupReport(group, file, bytes, 0, 0, 0, 0, null);
        }).ToList();
        return new CaptureReport(state.Enabled, state.Groups, files.Folder, options.MaxBodyBytes, options.MaxFileBytes, reports);
    }

    private static ProblemHttpResult Invalid(string detail) => TypedResults.Problem(statusCode: 400, title: "invalid capture change",
        type: "urn:ftgo:problem:invalid-capture", detail: detail, extensions: new Dictionary<string, object?> { ["code"] = "invalid-capture" });
}
