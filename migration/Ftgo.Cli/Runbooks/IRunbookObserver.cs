using Ftgo.Stages;

namespace Ftgo.Cli.Runbooks;

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
