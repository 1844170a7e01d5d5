using Ftgo.Comparison;
using Ftgo.Comparison.Capture;

namespace Ftgo.Cli.Replay;

/// <summary>
/// Reads a capture file whole before anything is sent, so that a bad line stops the replay with its
/// number instead of half-way through. Each exchange is compared under the rules of the last header
/// above it — the group's shadow rules in force when it was recorded — plus the redacted body paths,
/// which can never match.
/// </summary>
internal static class CaptureReader
{
    public static async Task<IReadOnlyList<ReplayCase>> ReadAsync(string path, int? limit, CancellationToken ct)
    {
        if (!File.Exists(path))
        {
            throw new ReplayException(Directory.Exists(path)
                ? $"{path} is a folder, not a capture file."
                : $"there is no capture file at {path} (the gateway writes {{data folder}}/capture/{{group}}.jsonl while capture is on).");
        }
        var cases = new List<ReplayCase>();
        ComparisonRules? rules = null;
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
                case CaptureHeader header:
                    rules = RulesOf(header, path, number);
                    break;
                case CapturedExchange exchange when rules is null:
                    throw new ReplayException(
                        $"{Path.GetFileName(path)} line {number} is an exchange before any header: the comparison rules are unknown.");
                case CapturedExchange exchange:
                    if (!exchange.Path.StartsWith('/'))
                    {
                        throw new ReplayException($"{Path.GetFileName(path)} line {number}: path '{exchange.Path}' must start with '/'.");
                    }
                    if (limit is null || cases.Count < limit)
                    {
                        cases.Add(new ReplayCase(number, exchange, rules));
                    }
                    break;
            }
        }
        if (number == 0)
        {
            throw new ReplayException($"{Path.GetFileName(path)} is empty.");
        }
        return cases;
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
