namespace Ftgo.Cli.Replay;

/// <summary>How one replayed request came out.</summary>
internal enum ReplayOutcome
{
    Same,
    Different,
    NotCompared,
    Failed,
}

/// <summary>The target's answer to one recorded request, against the recorded one.</summary>
internal sealed record ReplayResult(ReplayCase Case, ReplayOutcome Outcome, int? Status, IReadOnlyList<string> Paths, string? Reason);
