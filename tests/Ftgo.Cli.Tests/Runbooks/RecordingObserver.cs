extern alias cli;
using System.Collections.Concurrent;
using cli::Ftgo.Cli.Runbooks;
using Ftgo.Stages;

namespace Ftgo.Cli.Tests.Runbooks;

/// <summary>Keeps every event of a run as a line, for assertions (the demo's observer does the same with a live table).</summary>
internal sealed class RecordingObserver : IRunbookObserver
{
    public ConcurrentQueue<string> Events { get; } = new();

    public IReadOnlyList<string> Lines => Events.ToList();

    public void StepPlanned(RunbookStep step, string plan) => Events.Enqueue($"planned {step.Number}: {plan}");

    public void StepStarted(RunbookStep step) => Events.Enqueue($"started {step.Number}");

    public void StepSkipped(RunbookStep step, string reason) => Events.Enqueue($"skipped {step.Number}: {reason}");

    public void GateStatus(RunbookStep step, GateReading reading) => Events.Enqueue(
        $"gate {step.Number}: " + string.Join("; ", reading.Values.Select(v => $"{v.Name} {v.Current} {v.Bound} {v.State}")));

    public void StepFinished(RunbookStep step, string summary) => Events.Enqueue($"finished {step.Number}: {summary}");

    public void StepFailed(RunbookStep step, string message) => Events.Enqueue($"failed {step.Number}: {message}");

    public void RolledBack(string group, StagePosition from, MigrationStage to, string reason) =>
        Events.Enqueue($"rolled back {group} {from} -> {to.ToWire()}");

    public override string ToString() => string.Join("\n", Events);
}
