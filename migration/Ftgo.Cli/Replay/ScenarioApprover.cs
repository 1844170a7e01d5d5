using Ftgo.Comparison.Capture;

namespace Ftgo.Cli.Replay;

/// <summary>What <c>--approve</c> did: scenarios added, replaced (same request, newer recording) and kept, per file written.</summary>
internal sealed record ApproveResult(string File, int Added, int Replaced, int Kept, int Skipped);

/// <summary>
/// <c>ftgo replay &lt;capture&gt; --approve DIR</c>: turns captured reads into approval scenarios, so that a difference the shadow
/// found stays fixed. A scenario is a capture record: the request, the legacy answer it must get, and the group's comparison
/// rules (ignore paths, tolerance, redacted paths) in the header above it — so <c>ftgo replay DIR --against &lt;new side&gt;</c>
/// runs them. One file per group, <c>DIR/{group}.approved.jsonl</c>; one scenario per method and path, the newest recording
/// replacing an older one. By default only the confirmed mismatches (the reads worth a regression test); every read with
/// <paramref name="includeMatched"/>. Exchanges the gateway could not compare, or whose legacy answer was cut, are skipped.
/// </summary>
internal static class ScenarioApprover
{
    public const string Suffix = ".approved.jsonl";

    public static async Task<IReadOnlyList<ApproveResult>> ApproveAsync(string capture, string folder, bool includeMatched, CancellationToken ct)
    {
        if (File.Exists(folder))
        {
            throw new ReplayException($"--approve wants a folder, and {folder} is a file.");
        }
        var exchanges = await CaptureReader.ReadExchangesAsync(capture, ct);
        Directory.CreateDirectory(folder);
        var results = new List<ApproveResult>();
        foreach (var group in exchanges.GroupBy(e => e.Exchange.Group, StringComparer.Ordinal))
        {
            var skipped = 0;
            var chosen = new List<(CaptureHeader Header, CapturedExchange Exchange)>();
            foreach (var (_, header, exchange) in group)
            {
                if (exchange.Error is not null || exchange.Legacy.Truncated)
                {
                    skipped++;
                }
                else if (includeMatched || IsConfirmedMismatch(exchange))
                {
                    chosen.Add((header, exchange));
                }
            }
            if (chosen.Count == 0)
            {
                results.Add(new ApproveResult(Path.Combine(folder, group.Key + Suffix), 0, 0, 0, skipped));
                continue;
            }
            results.Add(await MergeAsync(Path.Combine(folder, group.Key + Suffix), chosen, skipped, ct));
        }
        return results;
    }

    /// <summary>A difference the gateway counted: not matched, and either read again and still different or judged on its one pair.</summary>
    private static bool IsConfirmedMismatch(CapturedExchange exchange) => !exchange.Matched && exchange.Confirmation is null or "confirmed" or "unconfirmed";

    /// <summary>
    /// Writes the file anew (beside it, then moved over it: a crash leaves the old file whole): the scenarios approved before, in
    /// their order, with a newer recording of the same request in place of the old one, then the new requests.
    /// </summary>
    private static async Task<ApproveResult> MergeAsync(string file, List<(CaptureHeader Header, CapturedExchange Exchange)> chosen, int skipped,
        CancellationToken ct)
    {
        var scenarios = new List<(CaptureHeader Header, CapturedExchange Exchange)>();
        if (File.Exists(file))
        {
            scenarios.AddRange((await CaptureReader.ReadExchangesAsync(file, ct)).Select(e => (e.Header, e.Exchange)));
        }
        var known = scenarios.Count;
        int added = 0, replaced = 0;
        foreach (var scenario in chosen)
        {
            var at = scenarios.FindIndex(s => Key(s.Exchange) == Key(scenario.Exchange));
            if (at < 0)
            {
                scenarios.Add(scenario);
                added++;
            }
            else
            {
                replaced += at < known ? 1 : 0;
                scenarios[at] = scenario;
            }
        }
        var lines = new List<string>();
        CaptureHeader? written = null;
        foreach (var (header, exchange) in scenarios)
        {
            if (written is null || CaptureFormat.Write(written with { StartedAt = default }) != CaptureFormat.Write(header with { StartedAt = default }))
            {
                lines.Add(CaptureFormat.Write(header));
                written = header;
            }
            lines.Add(CaptureFormat.Write(exchange));
        }
        var temporary = file + ".tmp";
        await File.WriteAllLinesAsync(temporary, lines, ct);
        File.Move(temporary, file, overwrite: true);
        return new ApproveResult(file, added, replaced, known - replaced, skipped);
    }

    private static (string, string) Key(CapturedExchange exchange) => (exchange.Method, exchange.Path);
}
