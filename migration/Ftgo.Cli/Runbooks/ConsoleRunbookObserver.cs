using Ftgo.Stages;

namespace Ftgo.Cli.Runbooks;

/// <summary>
/// Prints a run as plain lines, one per event, so the output reads as the checklist being ticked off
/// (and can be logged or grepped). Gate readings are printed when a bound changes state, and otherwise
/// at most every few seconds.
/// </summary>
internal sealed class ConsoleRunbookObserver(TextWriter output) : IRunbookObserver
{
    private static readonly TimeSpan Quiet = TimeSpan.FromSeconds(5);
    private string? _lastStates;
    private DateTimeOffset _lastPrinted;

    public void RunbookStarted(Runbook runbook, RunbookOptions options, StagePosition current)
    {
        var mode = string.Join(", ", new[] { options.DryRun ? "dry run" : null, options.Fast ? "fast" : null }.OfType<string>());
        output.WriteLine($"runbook {runbook.Name}: group {runbook.Group} is at {current}{(mode.Length > 0 ? $" ({mode})" : "")}");
    }

    public void StepPlanned(RunbookStep step, string plan) => output.WriteLine($"  step {step.Number} {step.Title}: would {plan}");

    public void StepStarted(RunbookStep step)
    {
        _lastStates = null;
        output.WriteLine($"  step {step.Number} {step.Title} [{step.Describe()}]");
    }

    public void HoldResumed(RunbookStep step, DateTimeOffset started) =>
        output.WriteLine($"  step {step.Number}: resuming its hold, begun {started:yyyy-MM-ddTHH:mm:ssZ} ({Durations.Format(DateTimeOffset.UtcNow - started)} ago)");

    public void StepSkipped(RunbookStep step, string reason) => output.WriteLine($"  step {step.Number} {step.Title}: skipped ({reason})");

    public void GateStatus(RunbookStep step, GateReading reading)
    {
        var states = string.Join(",", reading.Values.Select(v => v.State));
        var now = DateTimeOffset.UtcNow;
        if (states == _lastStates && now - _lastPrinted < Quiet)
        {
            return;
        }
        _lastStates = states;
        _lastPrinted = now;
        foreach (var value in reading.Values)
        {
            var mark = value.State switch { GateValueState.Met => "ok  ", GateValueState.Waiting => "wait", _ => "FAIL" };
            output.WriteLine($"      {mark} {value.Name}: {value.Current} (bound {value.Bound})");
        }
    }

    public void StepFinished(RunbookStep step, string summary) => output.WriteLine($"  step {step.Number} done: {summary}");

    public void StepFailed(RunbookStep step, string message) => output.WriteLine($"  step {step.Number} FAILED: {message}");

    public void RolledBack(string group, StagePosition from, MigrationStage to, string reason) =>
        output.WriteLine($"  rolled back {group}: {from} → {to.ToWire()}");
}
