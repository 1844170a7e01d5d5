namespace Ftgo.Legacy.Strangler;

/// <summary>This instance's answer to <c>GET /_ftgo/seam-calls?group=&amp;since=</c>: who answers, since when it counts, and the counts.</summary>
public sealed record SeamCallsReport(string Instance, DateTimeOffset CountingSince, DateTimeOffset Since, IReadOnlyList<SeamCallCount> Seams);

/// <summary>The monolith's seam counts for <c>ftgo decommission-check</c>; counts only, no data of any order.</summary>
public static class SeamCallsApi
{
    public const string Path = "/_ftgo/seam-calls";

    public static IEndpointRouteBuilder MapSeamCallsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (string? group, DateTimeOffset? since, SeamCalls calls) =>
        {
            var from = since ?? DateTimeOffset.MinValue;
            return TypedResults.Ok(new SeamCallsReport($"{Environment.MachineName}:{Environment.ProcessId}", calls.StartedAt, from, calls.Since(group, from)));
        }).AllowAnonymous();
        return app;
    }
}
