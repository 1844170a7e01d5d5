using Ftgo.Stages;

namespace Ftgo.Cli.Runbooks;

/// <summary>How a runbook runs: <c>--dry-run</c>, <c>--from-step K</c>, <c>--fast</c> (the runbook's own <c>fast:</c> values).</summary>
public sealed record RunbookOptions
{
    public bool DryRun { get; init; }

    /// <summary>1-based step to start at; null: resume where the group's stage says the runbook got to.</summary>
    public int? FromStep { get; init; }

    public bool Fast { get; init; }

    /// <summary>Hold every stage step at least this long, whatever its gate says (the demo, so a person can watch each stage).</summary>
    public TimeSpan? HoldStagesAtLeast { get; init; }
}
