using Ftgo.Comparison;
using Ftgo.Comparison.Capture;

namespace Ftgo.Cli.Replay;

/// <summary>
/// Reads a capture file — or every <c>*.jsonl</c> of a folder, such as the approved scenarios <c>--approve</c> writes — whole
/// before anything is sent, so that a bad line stops the replay with its number instead of half-way through. Each exchange
/// is compared under the rules of the last header above it — the group's shadow rules in force when it was recorded —
/// plus the redacted body paths, which can never match.
/// </summary>
internal static class CaptureReader
{
    public static async Task<IReadOnlyList<ReplayCase>> ReadAsync(string path, int? limit, CancellationToken ct)
    {
        var cases = new List<ReplayCase>();
        var rules = new Dictionary<CaptureHeader, ComparisonRules>(ReferenceEqualityComparer.Instance);
        var folder = Directory.Exists(path);
        foreach (var file in Files(path))
        {
            foreach (var (line, header, exchange) in await ReadExchangesAsync(file, ct))
            {
                if (limit is not null && cases.Count >= limit)
                {
                    return cases;
                }
                if (!rules.TryGetValue(header, out var rule))
                {
                    rules[header] = rule = RulesOf(header, file, line);
                }
                cases.Add(new ReplayCase(line, exchange, rule, folder ? Path.GetFileName(file) : null));
            }
        }
        return cases;
    }

    /// <summary>A capture file's exchanges in order, each with its line and the header above it.</summary>
    public static async Task<IReadOnlyList<(int Line, CaptureHeader Header, CapturedExchange Exchange)>> ReadExchangesAsync(string path,
        CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new ReplayException(Directory.Exists(path)
                ? $"{path} is a folder, not a capture file."
                : $"there is no capture file at {path} (the gateway writes {{data folder}}/capture/{{group}}.jsonl while capture is on).");
        }
        var exchanges = new List<(int, CaptureHeader, CapturedExchange)>();
        CaptureHeader? header = null;
        var number = 0;
        using var reader = new StreamReader(path);
        while (await reader.ReadLineAsync(ct) is { } text)
        {
            number++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }
            CaptureLine line;
            try
            {
                line = CaptureFormat.Read(text);
            }
            catch (FormatException e)
            {
                throw new ReplayException($"{Path.GetFileName(path)} line {number} is not a capture record: {e.Message}.");
            }
            switch (line)
            {
                case CaptureHeader next:
                    header = next;
                    break;
                case CapturedExchange when header is null:
                    throw new ReplayException(
                        $"{Path.GetFileName(path)} line {number} is an exchange before any header: the comparison rules are unknown.");
                case CapturedExchange exchange:
                    if (!exchange.Path.StartsWith('/'))
                    {
                        throw new ReplayException($"{Path.GetFileName(path)} line {number}: path '{exchange.Path}' must start with '/'.");
                    }
                    exchanges.Add((number, header, exchange));
                    break;
            }
        }
        if (number == 0)
        {
            throw new ReplayException($"{Path.GetFileName(path)} is empty.");
        }
        return exchanges;
    }

    /// <summary>The file itself, or a folder's <c>*.jsonl</c> files in name order (none is an error: nothing would be checked).</summary>
    private static IReadOnlyList<string> Files(string path)
    {
        if (!Directory.Exists(path))
        {
            return [path];
        }
        var files = Directory.GetFiles(path, "*.jsonl").Order(StringComparer.Ordinal).ToList();
        return files.Count > 0 ? files : throw new ReplayException($"the folder {path} holds no capture or approved scenario file (*.jsonl).");
    }

    private static ComparisonRules RulesOf(CaptureHeader header, string path, int number)
    {
        if (header.Format != CaptureFormat.Version)
        {
            throw new ReplayException(
                $"{Path.GetFileName(path)} line {number}: format '{header.Format}' is not one this ftgo reads ({CaptureFormat.Version}).");
        }
        try
        {
            return ComparisonRules.From(header.Rules with
            {
                IgnorePaths = [.. header.Rules.IgnorePaths ?? [], .. header.RedactedBodyPaths],
            });
        }
        catch (FormatException e)
        {
            throw new ReplayException($"{Path.GetFileName(path)} line {number}: {e.Message}");
        }
    }
}

/// <summary>A replay that cannot go on; the message names the file, the line or the target.</summary>
internal sealed class ReplayException(string message) : Exception(message);
