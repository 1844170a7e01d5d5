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

/// <summary>How a runbook run ended.</summary>
public enum RunbookOutcome
{
    /// <summary>Every step held (or, with <c>--dry-run</c>, was printed).</summary>
    Completed,

    /// <summary>The group was already at the runbook's last stage: nothing was done.</summary>
    AlreadyFinished,

    /// <summary>A step failed; when the group was past <c>dualwrite</c> it was rolled back.</summary>
    Failed,

    /// <summary>Stopped on request (Ctrl-C); nothing was rolled back, the next run resumes.</summary>
    Cancelled,

    /// <summary>Not started: another run drives the group.</summary>
    Busy,
}

/// <summary>The end of a run: outcome, the failed step (1-based) and a message for a person.</summary>
public sealed record RunbookResult(RunbookOutcome Outcome, string Message, int? FailedStep = null, bool RolledBack = false,
    Cli.Gateway.GatewayFailure? GatewayFailure = null);

/// <summary>Whether one bound of a gate holds now.</summary>
public enum GateValueState
{
    Met,
    Waiting,
    Failed,
}

/// <summary>One bound of a gate: its current value against the bound, e.g. "mismatch rate" "0.2 %" "≤ 0.1 %".</summary>
public sealed record GateValue(string Name, string Current, string Bound, GateValueState State);

/// <summary>A gate read while a step holds: each bound, how long the step has held, and whether the whole gate holds.</summary>
public sealed record GateReading(IReadOnlyList<GateValue> Values, TimeSpan Elapsed, bool Holds);

/// <summary>
/// What a runbook run reports as it goes (the CLI prints it; the demo draws it in its live table). Every
/// method has an empty default, so an observer implements only what it shows.
/// </summary>
public interface IRunbookObserver
{
    /// <summary>The run begins; <paramref name="current"/> is where the group is now.</summary>
    void RunbookStarted(Runbook runbook, RunbookOptions options, StagePosition current) { }

    /// <summary><c>--dry-run</c>: what the step would do.</summary>
    void StepPlanned(RunbookStep step, string plan) { }

    void StepStarted(RunbookStep step) { }

    /// <summary>The step is not run, and why (already past, before <c>--from-step</c>).</summary>
    void StepSkipped(RunbookStep step, string reason) { }

    /// <summary>The step's hold goes on from a run that was stopped: begun at <paramref name="started"/>, on that run's baseline.</summary>
    void HoldResumed(RunbookStep step, DateTimeOffset started) { }

    /// <summary>A reading of the step's gate while it holds (once per poll).</summary>
    void GateStatus(RunbookStep step, GateReading reading) { }

    void StepFinished(RunbookStep step, string summary) { }

    void StepFailed(RunbookStep step, string message) { }

    /// <summary>The group was rolled back after a failed step.</summary>
    void RolledBack(string group, StagePosition from, MigrationStage to, string reason) { }
}
