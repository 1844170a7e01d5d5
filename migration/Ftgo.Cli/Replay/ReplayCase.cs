using Ftgo.Comparison;
using Ftgo.Comparison.Capture;

namespace Ftgo.Cli.Replay;

/// <summary>One recorded exchange to replay, with the line it came from (and its file, when a folder is replayed) and the rules of the header above it.</summary>
internal sealed record ReplayCase(int Line, CapturedExchange Exchange, ComparisonRules Rules, string? File = null)
{
    /// <summary>Where it came from, for a person: <c>line 3</c>, or <c>delivery.approved.jsonl line 3</c>.</summary>
    public string Where => File is null ? $"line {Line}" : $"{File} line {Line}";
}
