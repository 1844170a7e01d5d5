extern alias cli;
using cli::Ftgo.Cli.Runbooks;
using Ftgo.Cli.Tests.Infrastructure;
using Ftgo.Migration.Running;
using Ftgo.Migration.Transport.Kafka;
using Ftgo.Stages;

namespace Ftgo.Cli.Tests.Runbooks;

/// <summary>The runbook format: the shipped runbooks load, and a broken one is refused whole with every reason.</summary>
public sealed class RunbookFileTests
{
    private static readonly string Folder = Path.Combine(Path.GetDirectoryName(FtgoProcess.Dll)!, "runbooks");

    [Theory]
    [InlineData("extract-kitchen", "kitchen", 13)]
    [InlineData("extract-delivery", "delivery", 12)]
    public void ShippedRunbooks_Load_FromPreflightToComplete(string name, string group, int steps)
    {
        var runbook = new RunbookLibrary(Folder).Load(name);

        Assert.Equal(group, runbook.Group);
        Assert.Equal(steps, runbook.Steps.Count);
        Assert.Equal(StepAction.Preflight, runbook.Steps[0].Action);
        Assert.Equal(MigrationStage.Complete, runbook.Steps[^1].Stage);
        Assert.Equal([5.0, 25, 50, 100], runbook.Steps.Where(s => s.Stage == MigrationStage.Live).Select(s => s.Percent!.Value));
        // --fast comes from the file's fast: blocks, and only lowers what the file says.
        var live = runbook.Steps.First(s => s.Stage == MigrationStage.Live);
        Assert.True(live.FastGate.MinRequests < live.Gate.MinRequests);
        Assert.Equal(live.Gate.MaxErrorRate, live.FastGate.MaxErrorRate);
    }

    [Fact]
    public void AnUnknownRunbook_IsRefused_ListingTheRunbooks()
    {
        var error = Assert.Throws<RunbookFormatException>(() => new RunbookLibrary(Folder).Load("extract-billing"));

        Assert.True(error.UnknownName);
        Assert.Contains("the runbooks are: extract-delivery, extract-kitchen", error.Message);
    }

    [Fact]
    public void ABrokenRunbook_IsRefusedWhole_WithEveryReason()
    {
        const string yaml = """
            name: broken
            group: Kitchen
            rollback_to: shadow
            steps:
              - step: 1
                do: preflight
              - step: 3
                do: stage
                stage: halfway
              - step: 3
                do: stage
                stage: live
              - step: 4
                do: stage
                stage: shadow
                percent: 10
                gate: { max_mismatch_rate: 5, timeout: soon }
            """;

        var error = Assert.Throws<RunbookFormatException>(() => RunbookLoader.Parse(yaml, "broken.yaml"));

        Assert.Contains("'group' must be a route group name", error.Message);
        Assert.Contains("'rollback_to' must be 'dualwrite' or 'off', not 'shadow'", error.Message);
        Assert.Contains("expected 'step: 2'", error.Message);
        Assert.Contains("'stage' must be one of off, dualwrite, shadow, live, rampdown, complete, not 'halfway'", error.Message);
        Assert.Contains("a live step needs 'percent' in (0, 100]", error.Message);
        Assert.Contains("'percent' applies only to live", error.Message);
        Assert.Contains("max_mismatch_rate is a ratio 0–1 (0.001 = 0.1 %), not 5", error.Message);
        Assert.Contains("timeout must be a duration such as 500ms, 30s, 5m or 2h, not 'soon'", error.Message);
    }

    [Fact]
    public void AnUnknownKey_IsRefused_WithItsLine()
    {
        const string yaml = """
            name: typo
            group: kitchen
            steps:
              - step: 1
                do: hold
                gate: { min_comapred: 5 }
            """;

        var error = Assert.Throws<RunbookFormatException>(() => RunbookLoader.Parse(yaml, "typo.yaml"));

        Assert.Contains("typo.yaml, line 6", error.Message);
        Assert.Contains("min_comapred", error.Message);
    }

    [Fact]
    public void AKafkaLagGate_IsRead_WaitsWhileTheApplierLags_AndWhenTheLagIsUnknown()
    {
        const string yaml = """
            name: kafka
            group: kitchen
            steps:
              - step: 1
                do: hold
                gate: { max_kafka_lag: 100 }
            """;
        var gate = RunbookLoader.Parse(yaml, "kafka.yaml").Steps[0].Gate;
        Assert.Equal(100, gate.MaxKafkaLag);
        Assert.Contains("Kafka consumer lag ≤ 100", gate.Describe());

        var group = new cli::Ftgo.Cli.Gateway.GroupStatus { Group = "kitchen" };
        CdcStatus Cdc(params long[] lags) => new("kitchen", CdcState.Running, TimeSpan.Zero, TimeSpan.Zero, 0, 0, null, null, true, 0,
            KafkaLag: lags.Select((lag, i) => new PartitionLag("legacy.ftgo.orders", i, 0, lag)).ToList());
        var lagging = GateEvaluator.Evaluate(gate, group, group, Cdc(60, 70), cdcRequired: false, TimeSpan.Zero);
        var caughtUp = GateEvaluator.Evaluate(gate, group, group, Cdc(60, 40), cdcRequired: false, TimeSpan.Zero);
        var unknown = GateEvaluator.Evaluate(gate, group, group, Cdc() with { KafkaLag = null }, cdcRequired: false, TimeSpan.Zero);

        Assert.Equal(("130", GateValueState.Waiting), (lagging.Values.Single().Current, lagging.Values.Single().State));
        Assert.True(caughtUp.Holds);
        Assert.Equal(GateValueState.Waiting, unknown.Values.Single().State);
    }

    [Fact]
    public void ANegativeKafkaLagBound_IsRefused()
    {
        const string yaml = """
            name: kafka
            group: kitchen
            steps:
              - step: 1
                do: hold
                gate: { max_kafka_lag: -1 }
            """;

        var error = Assert.Throws<RunbookFormatException>(() => RunbookLoader.Parse(yaml, "kafka.yaml"));

        Assert.Contains("max_kafka_lag", error.Message);
    }
}
