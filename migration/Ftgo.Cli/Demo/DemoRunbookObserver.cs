using Ftgo.Cli.Runbooks;
using Ftgo.Stages;

namespace Ftgo.Cli.Demo;

/// <summary>
/// Shows a runbook's progress on the demo's board — the current step per group, and each step's start, end and failure as
/// events — and tells the round's <see cref="DemoDecommissionWatch"/> each step and gate reading.
/// </summary>
internal sealed class DemoRunbookObserver(DemoBoard board, System.Collections.Concurrent.ConcurrentDictionary<string, string> steps,
    DemoDecommissionWatch decommission, Action<RunbookStep> stepStarted) : IRunbookObserver
{
    private string _group = "";
    private bool _fast;

    public void RunbookStarted(Runbook runbook, RunbookOptions options, StagePosition current) => (_group, _fast) = (runbook.Group, options.Fast);

    public void StepStarted(RunbookStep step)
    {
        steps[_group] = $"{step.Number} {step.Title}";
        board.Event($"{_group}: step {step.Number} {step.Title}");
        decommission.StepStarted(_group, step);
        stepStarted(step);
    }

    public void GateStatus(RunbookStep step, GateReading reading)
    {
        decommission.GateRead(_group, step, step.GateFor(_fast).DecommissionWindow, reading);
        var waiting = reading.Values.Where(v => v.State != GateValueState.Met).Select(v => $"{v.Name} {v.Current} (bound {v.Bound})").ToList();
        steps[_group] = $"{step.Number} {step.Title}: " + (waiting.Count == 0 ? $"held {reading.Elapsed.TotalSeconds:N0} s" : string.Join(", ", waiting));
    }

    public void StepFinished(RunbookStep step, string summary)
    {
        decommission.StepFinished(_group, step);
        board.Event($"{_group}: step {step.Number} done — {summary}");
    }

    public void StepFailed(RunbookStep step, string message) => board.Event($"{_group}: step {step.Number} FAILED — {message}");

    public void RolledBack(string group, StagePosition from, MigrationStage to, string reason) =>
        board.Event($"{group}: rolled back from {from} to {to.ToWire()} — {reason}");
}
