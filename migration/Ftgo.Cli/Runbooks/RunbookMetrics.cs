using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text.RegularExpressions;
using Ftgo.Stages;

namespace Ftgo.Cli.Runbooks;

/// <summary>
/// A runbook run as metrics (meter <c>Ftgo.Runbook</c>), beside what it prints: the step it is on, and each bound of
/// that step's gate (its current value where it is a number, and whether it holds). Observed at collection time
/// from the last reading; the other observer (the console) sees every call unchanged.
/// </summary>
public sealed partial class RunbookMetrics : IRunbookObserver, IDisposable
{
    public const string MeterName = "Ftgo.Runbook";

    private readonly IRunbookObserver _inner;
    private readonly Meter _meter = new(MeterName);
    private readonly Lock _lock = new();
    private string _group = "";
    private int _step;
    private IReadOnlyList<GateValue> _gate = [];
    private TimeSpan _held;

    public RunbookMetrics(IRunbookObserver inner)
    {
        _inner = inner;
        _meter.CreateObservableGauge("ftgo.runbook.step", () => Read(() => _step == 0 ? [] : new[] { new Measurement<int>(_step, Group()) }),
            "{step}", "The step the runbook is on (1-based), by group.");
        _meter.CreateObservableGauge("ftgo.runbook.gate.held", () => Read(() => _step == 0 ? [] : new[] { new Measurement<double>(_held.TotalSeconds, Group()) }),
            "s", "How long the current step's gate has held its hold so far.");
        _meter.CreateObservableGauge("ftgo.runbook.gate.value", () => Read(() => _gate
                .Select(v => (v, Number: Number(v.Current)))
                .Where(x => x.Number is not null)
                .Select(x => new Measurement<double>(x.Number!.Value, Bound(x.v))).ToList()),
            null, "Each bound of the current gate: its current value (mismatch rate, lag, error rate, requests…), in the unit the bound uses.");
        _meter.CreateObservableGauge("ftgo.runbook.gate.state", () => Read(() => _gate
                .Select(v => new Measurement<int>(v.State switch { GateValueState.Met => 1, GateValueState.Failed => -1, _ => 0 }, Bound(v))).ToList()),
            null, "Each bound of the current gate: 1 met, 0 waiting, -1 failed.");
    }

    public void RunbookStarted(Runbook runbook, RunbookOptions options, StagePosition current)
    {
        lock (_lock)
        {
            _group = runbook.Group;
        }
        _inner.RunbookStarted(runbook, options, current);
    }

    public void StepStarted(RunbookStep step)
    {
        lock (_lock)
        {
            _step = step.Number;
            _gate = [];
            _held = TimeSpan.Zero;
        }
        _inner.StepStarted(step);
    }

    public void GateStatus(RunbookStep step, GateReading reading)
    {
        lock (_lock)
        {
            _step = step.Number;
            _gate = reading.Values;
            _held = reading.Elapsed;
        }
        _inner.GateStatus(step, reading);
    }

    public void StepPlanned(RunbookStep step, string plan) => _inner.StepPlanned(step, plan);
    public void StepSkipped(RunbookStep step, string reason) => _inner.StepSkipped(step, reason);
    public void HoldResumed(RunbookStep step, DateTimeOffset started) => _inner.HoldResumed(step, started);
    public void StepFinished(RunbookStep step, string summary) => _inner.StepFinished(step, summary);
    public void StepFailed(RunbookStep step, string message) => _inner.StepFailed(step, message);
    public void RolledBack(string group, StagePosition from, MigrationStage to, string reason) => _inner.RolledBack(group, from, to, reason);

    public void Dispose() => _meter.Dispose();

    /// <summary>The leading number of a gate value as printed ("0.2 %", "1,250 ms", "37"); null for words ("none yet").</summary>
    internal static double? Number(string current) =>
        LeadingNumber().Match(current) is { Success: true } m
        && double.TryParse(m.Value.Replace(",", "", StringComparison.Ordinal), NumberStyles.Float, CultureInfo.InvariantCulture, out var n)
            ? n
            : null;

    private T Read<T>(Func<T> read)
    {
        lock (_lock)
        {
            return read();
        }
    }

    private KeyValuePair<string, object?> Group() => new("group", _group);

    private KeyValuePair<string, object?>[] Bound(GateValue value) =>
        [new("group", _group), new("step", _step), new("bound", value.Name)];

    [GeneratedRegex(@"^\s*-?[0-9][0-9,]*(\.[0-9]+)?")]
    private static partial Regex LeadingNumber();
}
