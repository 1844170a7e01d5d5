extern alias cli;
using System.Diagnostics.Metrics;
using cli::Ftgo.Cli.Runbooks;
using Ftgo.Stages;

namespace Ftgo.Cli.Tests.Runbooks;

/// <summary>A runbook run's step and gate values as metrics, read the way an exporter reads them.</summary>
public sealed class RunbookMetricsTests
{
    [Fact]
    public void WhileAStepHolds_TheStepAndEachBoundOfItsGate_AreGauges_AndTheConsoleStillSeesEveryCall()
    {
        var inner = new RecordingObserver();
        using var metrics = new RunbookMetrics(inner);
        var step = new RunbookStep { Number = 3, Action = StepAction.Stage, Title = "shadow, compare reads" };
        metrics.RunbookStarted(new Runbook { Name = "extract-kitchen", Group = "kitchen", Steps = [step] }, new RunbookOptions(),
            new StagePosition(MigrationStage.DualWrite, 0));
        metrics.StepStarted(step);
        metrics.GateStatus(step, new GateReading(
        [
            new GateValue("mismatch rate", "0.2 %", "≤ 0.1 %", GateValueState.Failed),
            new GateValue("compared", "1,250", "≥ 100", GateValueState.Met),
            new GateValue("cdc lag", "none yet", "≤ 5 s", GateValueState.Waiting),
        ], TimeSpan.FromSeconds(42), Holds: false));

        var seen = Collect();

        Assert.Equal(3, seen[("ftgo.runbook.step", "")]);
        Assert.Equal(42, seen[("ftgo.runbook.gate.held", "")]);
        Assert.Equal(0.2, seen[("ftgo.runbook.gate.value", "mismatch rate")]);
        Assert.Equal(1250, seen[("ftgo.runbook.gate.value", "compared")]);
        Assert.False(seen.ContainsKey(("ftgo.runbook.gate.value", "cdc lag")), "a value in words is no number");
        Assert.Equal(-1, seen[("ftgo.runbook.gate.state", "mismatch rate")]);
        Assert.Equal(1, seen[("ftgo.runbook.gate.state", "compared")]);
        Assert.Equal(0, seen[("ftgo.runbook.gate.state", "cdc lag")]);
        Assert.NotEmpty(inner.Events);
    }

    /// <summary>Every observable measurement of the runbook meter now, by instrument and bound (empty: none).</summary>
    private static Dictionary<(string Instrument, string Bound), double> Collect()
    {
        var seen = new Dictionary<(string, string), double>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == RunbookMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var bound = "";
            foreach (var tag in tags)
            {
                if (tag.Key == "bound")
                {
                    bound = (string)tag.Value!;
                }
            }
            seen[(instrument.Name, bound)] = value;
        }
        listener.SetMeasurementEventCallback<int>((i, v, t, _) => Record(i, v, t));
        listener.SetMeasurementEventCallback<double>((i, v, t, _) => Record(i, v, t));
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }
}
