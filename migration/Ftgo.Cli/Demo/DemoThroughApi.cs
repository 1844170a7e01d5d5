using Ftgo.Cli.ThroughApi;
using Microsoft.Extensions.Configuration;

namespace Ftgo.Cli.Demo;

/// <summary>
/// <c>ftgo verify &lt;group&gt; --through-api</c> as the demo runs it, before the group's <c>complete</c> (the monolith still
/// answers its reads then): the monolith's and the service's answers per aggregate, compared as the gateway compares them.
/// </summary>
/// <param name="Report">The last pass; null when none could run (<paramref name="Error"/> says why).</param>
/// <param name="Passes">Passes made: clients' writes are in flight and the sync lags, so a pass can catch an aggregate between its two sides.</param>
internal sealed record DemoThroughApi(string Group, ApiVerifyReport? Report, int Passes, TimeSpan Took, string? Error)
{
    public bool Clean => Report is { Clean: true };

    /// <summary>
    /// Whole passes until one is clean or <paramref name="settle"/> has passed, as the reconciliation polls <c>verify</c>
    /// (a difference the sync was still carrying is gone at the next pass; a real one stays).
    /// </summary>
    public static async Task<DemoThroughApi> RunAsync(IConfiguration configuration, string group, TimeSpan settle, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var passes = 0;
        var options = new ApiVerifyOptions { Group = group };
        try
        {
            var report = await Poll.UntilAsync(() =>
            {
                passes++;
                return ApiVerifier.RunAsync(configuration, options, legacyUrl: null, serviceUrl: null, new InlineProgress<ApiVerifyProgress>(_ => { }), _ => { }, ct);
            }, r => r.Clean, TimeSpan.FromSeconds(1), settle, ct);
            return new DemoThroughApi(group, report, passes, clock.Elapsed, null);
        }
        catch (Exception e) when (e is ApiVerifyException or ArgumentException)
        {
            return new DemoThroughApi(group, null, passes, clock.Elapsed, e.Message);
        }
    }

    /// <summary>"152 couriers compared, clean (pass 2 of 2, 1.3 s)", or the differences: kind, id and paths of the first few.</summary>
    public string Summary()
    {
        if (Report is null)
        {
            return $"NOT run: {Error}";
        }
        var compared = string.Join(", ", Report.Kinds.Select(k => $"{k.Compared} {k.Read.Kind}"));
        var took = $"pass {Passes}, after {Took.TotalSeconds:N1} s";
        if (Report.Clean)
        {
            return $"{compared} compared, clean ({took})";
        }
        var differences = Report.Kinds.SelectMany(k => k.Differences).ToList();
        var examples = differences.Take(5).Select(d => d.Error is null ? $"{d.Kind} {d.Id}: {string.Join(" ", d.Paths)}" : $"{d.Kind} {d.Id}: {d.Error}");
        return $"{compared} compared, DIFFERENCES: {differences.Count(d => d.Error is null)} different, {differences.Count(d => d.Error is not null)} not compared " +
               $"({took}; {string.Join("; ", examples)})";
    }
}
