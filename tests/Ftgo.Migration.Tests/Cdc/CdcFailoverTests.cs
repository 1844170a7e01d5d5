using System.Diagnostics;
using Ftgo.Migration.Catalog;
using Ftgo.Migration.Running;
using Ftgo.Migration.Tests.Infrastructure;

namespace Ftgo.Migration.Tests.Cdc;

/// <summary>
/// Two <c>ftgo cdc run</c> processes on one source under a steady write load: one leads and streams, the other
/// stands by and says so in the status; the leader is SIGKILLed, the standby takes the lead, resumes from the
/// acknowledged position, and the new schemas end equal to legacy with no change applied twice.
/// </summary>
public sealed partial class CdcFailoverTests(KafkaMockBroker broker) : IClassFixture<KafkaMockBroker>
{
    [Theory]
    [InlineData(Engine.Postgres, CdcSettings.InProcess)]
    [InlineData(Engine.Postgres, CdcSettings.Kafka)]
    [InlineData(Engine.Sqlite, CdcSettings.InProcess)]
    public async Task TwoRunners_TheLeaderKilledUnderLoad_TheStandbyTakesOver_AndTheTargetsEndEqualToLegacy(Engine engine, string transport)
    {
        await using var cdc = await CdcUnderLoad.StartAsync(engine, transport, broker);
        await using var one = cdc.StartRunner();
        await SaysAsync(one, "cdc: leading", "the first runner to lead");
        await using var two = cdc.StartRunner();
        await SaysAsync(two, "cdc: standing by", "the second runner to stand by");
        await cdc.TicketsAtLeastAsync(40, "the leader to apply 40 tickets", one);
        // Each runner's row says its role from its first beat; the status names the leader and the standby.
        var status = await Eventually.UntilAsync(() => CdcStatusProbe.ReadAsync(cdc.Settings, "kitchen", CancellationToken.None),
            s => s.Runners?.Count(r => r.Live) == 2, "both runners in the status");
        Assert.Equal([CdcHeartbeat.Leader, CdcHeartbeat.Standby], status.Runners!.Where(r => r.Live).Select(r => r.Role));
        Assert.Matches(@"^running, lag .*, led by \S+:\d+; standby \S+:\d+$", status.Describe());

        var clock = Stopwatch.StartNew();
        await one.KillAsync();
        var atKill = await cdc.TicketsAsync();
        await SaysAsync(two, "cdc: leading", "the standby to take the lead");
        var led = clock.Elapsed;
        await cdc.TicketsAtLeastAsync(atKill + 1, "the new leader's first ticket", two);
        Console.WriteLine($"cdc failover ({engine}, {transport}): lead taken {led.TotalMilliseconds:N0} ms after the SIGKILL, " +
                          $"first change applied after {clock.Elapsed.TotalMilliseconds:N0} ms");
        await cdc.TicketsAtLeastAsync(atKill + 40, "the new leader to apply 40 more tickets", two);
        await cdc.Load.StopAsync();

        await cdc.AssertEqualToLegacyAsync(two);
        var after = await CdcStatusProbe.ReadAsync(cdc.Settings, "kitchen", CancellationToken.None);
        Assert.True(after.IsRunning, after.Describe());
    }

    /// <summary>
    /// Kafka appliers scaled out: the capture runner publishes to topics of three partitions, keyed by row, and
    /// consumes its share; two <c>kafka-debezium</c> runners join its consumer group. One is SIGKILLed mid-stream
    /// and its partitions move to the others; a fresh one joins later and takes a share. Nothing is lost and nothing
    /// reordered: every row's last change wins, so the targets end equal to legacy, every child row once.
    /// </summary>
    [Fact]
    public async Task KafkaAppliers_ThreePartitions_OneKilledMidStreamAndOneAdded_LoseNothingAndReorderNothing()
    {
        await using var cdc = await CdcUnderLoad.StartAsync(Engine.Postgres, CdcSettings.Kafka, broker, partitions: 3);
        await using var capture = cdc.StartRunner();
        await SaysAsync(capture, "cdc: leading", "the capture runner to lead");
        await using var one = cdc.StartApplier();
        await using var two = cdc.StartApplier();
        await SaysAsync(one, "cdc: consuming", "the first applier to join the group");
        await AppliesAsync(one, "the first applier to apply its share");
        await AppliesAsync(two, "the second applier to apply its share");
        var status = await Eventually.UntilAsync(() => CdcStatusProbe.ReadAsync(cdc.Settings, "kitchen", CancellationToken.None),
            s => s.Runners?.Count(r => r.Live && r.Role == CdcHeartbeat.Member) == 2, "both appliers in the status");
        Assert.Matches($@"^running, lag .*, Kafka consumer lag [\d,]+ over {Partitions} partitions, led by \S+:\d+; consumers \S+:\d+, \S+:\d+$", status.Describe());

        await one.KillAsync();
        var atKill = await cdc.TicketsAsync();
        // The group moves the dead member's partitions to the others once its session times out.
        var assignments = Assignments(two, capture);
        await Eventually.UntilAsync(() => Task.FromResult(Assignments(two, capture)), n => n > assignments,
            "the killed applier's partitions assigned to the others", CdcUnderLoad.Timeout, () => Task.FromResult(two.Output));
        await cdc.TicketsAtLeastAsync(atKill + 40, "40 more tickets after the kill", two);
        await using var three = cdc.StartApplier();
        await AppliesAsync(three, "the applier added later to apply its share");
        await cdc.TicketsAtLeastAsync(atKill + 80, "40 more tickets after the third applier joined", three);
        await cdc.Load.StopAsync();

        await cdc.AssertEqualToLegacyAsync(two);
        var lag = await Eventually.UntilAsync(() => CdcStatusProbe.ReadAsync(cdc.Settings, "kitchen", CancellationToken.None),
            s => s.KafkaLagTotal == 0, "the consumer lag to drain to 0");
        Assert.Equal(Partitions, lag.KafkaLag!.Count);
    }

    private static readonly int Partitions = LegacyCatalog.Topics("any").Count() * 3;

    private static int Assignments(params ChildProcess[] runners) =>
        runners.Sum(r => r.Lines.Count(l => l.StartsWith("cdc: partitions assigned:", StringComparison.Ordinal)));

    /// <summary>Waits until the runner's status line counts a record applied: it holds partitions and applies them.</summary>
    private static Task AppliesAsync(ChildProcess runner, string what) =>
        Eventually.UntilAsync(() => Task.FromResult(runner.Lines.Any(l => AppliedLine().Match(l) is { Success: true } m && long.Parse(m.Groups[1].Value) > 0)),
            applied => applied, what, CdcUnderLoad.Timeout, () => Task.FromResult(runner.Output));

    [System.Text.RegularExpressions.GeneratedRegex(@"^cdc: (\d+) records applied")]
    private static partial System.Text.RegularExpressions.Regex AppliedLine();

    private static Task SaysAsync(ChildProcess runner, string line, string what) =>
        Eventually.UntilAsync(() => Task.FromResult(runner.Lines.Any(l => l.StartsWith(line, StringComparison.Ordinal))), said => said, what,
            CdcUnderLoad.Timeout, () => Task.FromResult(runner.Output));
}
