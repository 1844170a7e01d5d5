using Microsoft.Extensions.Configuration;
using Spectre.Console;

namespace Ftgo.Cli.ThroughApi;

/// <summary>
/// What <c>ftgo verify --through-api</c> prints: its progress per kind while it runs (a bar on a terminal, as
/// backfill shows its tables), then one line per differing aggregate — kind, id, the JSON paths — and the verdict.
/// Exit 3 on a difference, 1 when an answer could not be compared or a side is unreachable.
/// </summary>
internal static class ApiVerifyOutput
{
    public static async Task<int> RunAsync(IConfiguration configuration, ApiVerifyOptions options, string? legacyUrl, string? serviceUrl,
        CancellationToken ct)
    {
        ApiVerifyReport report;
        try
        {
            report = await WithProgressAsync(progress => ApiVerifier.RunAsync(configuration, options, legacyUrl, serviceUrl, progress,
                Console.WriteLine, ct));
        }
        catch (ApiVerifyException e)
        {
            Console.Error.WriteLine($"ftgo: {e.Message}");
            return ExitCodes.Failed;
        }
        var table = new Table().AddColumns("kind", "legacy", "compared", "different", "not compared", "differing ids");
        foreach (var kind in report.Kinds)
        {
            var ids = kind.Differences.Select(d => d.Id).ToList();
            table.AddRow(kind.Read.Kind, $"{kind.LegacyCount}", $"{kind.Compared}", $"{kind.Different.Count()}", $"{kind.NotCompared.Count()}",
                ids.Count == 0 ? "-" : string.Join(" ", ids.Take(20)) + (ids.Count > 20 ? " …" : ""));
        }
        AnsiConsole.Write(table);
        foreach (var difference in report.Kinds.SelectMany(k => k.Differences))
        {
            Console.WriteLine(difference.Error is null
                ? $"differ {difference.Kind} {difference.Id}: {string.Join(" ", difference.Paths)} (GET {difference.Path})"
                : $"not compared {difference.Kind} {difference.Id}: {difference.Error} (GET {difference.Path})");
        }
        var different = report.Kinds.Sum(k => k.Different.Count());
        var notCompared = report.Kinds.Sum(k => k.NotCompared.Count());
        Console.WriteLine(report.Clean
            ? $"verify {report.Group} --through-api: clean"
            : $"verify {report.Group} --through-api: DIFFERENCES ({different} different, {notCompared} not compared)");
        // An answer that could not be compared leaves the run unable to vouch for that aggregate either way.
        return different > 0 ? ExitCodes.Differences : notCompared > 0 ? ExitCodes.Failed : ExitCodes.Ok;
    }

    // A bar per kind on a terminal; on a pipe or in a log, a line every tenth of the way (a bar there shows only its start).
    private static async Task<ApiVerifyReport> WithProgressAsync(Func<IProgress<ApiVerifyProgress>, Task<ApiVerifyReport>> run)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
        {
            var said = new Dictionary<string, int>();
            return await run(new InlineProgress<ApiVerifyProgress>(p =>
            {
                var tenth = p.Total == 0 ? 10 : p.Done * 10 / p.Total;
                if (tenth > said.GetValueOrDefault(p.Kind, -1) && p.Done > 0)
                {
                    said[p.Kind] = tenth;
                    Console.WriteLine($"verify: {p.Kind} {p.Done}/{p.Total}");
                }
            }));
        }
        ApiVerifyReport? report = null;
        await AnsiConsole.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .StartAsync(async context =>
            {
                var tasks = new Dictionary<string, ProgressTask>();
                report = await run(new InlineProgress<ApiVerifyProgress>(p =>
                {
                    if (!tasks.TryGetValue(p.Kind, out var task))
                    {
                        tasks[p.Kind] = task = context.AddTask(p.Kind, maxValue: Math.Max(1, p.Total));
                    }
                    task.MaxValue = Math.Max(1, p.Total);
                    task.Value = p.Done;
                }));
            });
        return report!;
    }
}
