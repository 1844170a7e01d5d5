extern alias cli;
using cli::Ftgo.Cli.Decommission;
using cli::Ftgo.Cli.Demo;
using cli::Ftgo.Cli.Runbooks;
using Ftgo.Stages;

namespace Ftgo.Cli.Tests.Demo;

/// <summary>
/// What the demo's report says of each group's decommission check, from the runbook's steps and gate readings: passed
/// before complete, or complete reached without one, which fails the report.
/// </summary>
public sealed class DemoDecommissionWatchTests
{
    private static readonly RunbookStep Live = Stage(10, MigrationStage.Live, "live 100 %");
    private static readonly RunbookStep Rampdown = Stage(11, MigrationStage.RampDown, "rampdown");
    private static readonly RunbookStep Complete = Stage(12, MigrationStage.Complete, "complete");
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(2);

    [Fact]
    public void ACheckThatHeldAtRampdown_IsReportedWithItsWindowAndCounts_AsPassedBeforeComplete()
    {
        var watch = new DemoDecommissionWatch();

        watch.StepStarted("delivery", Rampdown);
        watch.GateRead("delivery", Rampdown, Window, Reading("legacy answered GET /couriers/{id:long} 1×, last at …", GateValueState.Waiting, 0.3));
        watch.GateRead("delivery", Rampdown, Window, Reading("clear: 0 legacy answers on 5 routes (every replica)", GateValueState.Met, 2.1));
        watch.StepFinished("delivery", Rampdown);
        watch.StepStarted("delivery", Complete);
        var check = Assert.Single(watch.Checks(new Dictionary<string, string> { ["delivery"] = "complete" }));

        Assert.False(check.Unchecked);
        Assert.Equal("passed before complete: step 11 (rampdown) held after 2.1s, the last 2s clear — 0 legacy answers on 5 routes (every replica)", check.Summary());
        Assert.True(new DemoChecks([check], ThroughApiClean(), []).Passed);
    }

    [Fact]
    public void CompleteWithoutACheck_AndAgainAfterARollbackWithoutANewOne_FailTheReport()
    {
        var watch = new DemoDecommissionWatch();
        watch.StepStarted("kitchen", Live);
        watch.StepStarted("kitchen", Complete); // a runbook whose rampdown holds no decommission check
        watch.StepStarted("delivery", Rampdown);
        watch.GateRead("delivery", Rampdown, Window, Reading("clear: 0 legacy answers on 5 routes (every replica)", GateValueState.Met, 2));
        watch.StepFinished("delivery", Rampdown);
        watch.StepStarted("delivery", Complete);
        watch.StepStarted("delivery", Live); // rolled back and walked again: the check passed before is no longer the last word
        watch.StepStarted("delivery", Complete);

        var checks = watch.Checks(new Dictionary<string, string> { ["kitchen"] = "complete", ["delivery"] = "complete" });

        Assert.All(checks, c => Assert.True(c.Unchecked, c.Group));
        Assert.Equal("reached complete WITHOUT a decommission check passing before it", checks[0].Summary());
        Assert.False(new DemoChecks(checks, ThroughApiClean(), []).Passed);
    }

    [Fact]
    public void AGroupAtCompleteTheWatchNeverSawReachIt_CountsAsUnchecked()
    {
        var checks = new DemoDecommissionWatch().Checks(new Dictionary<string, string> { ["kitchen"] = "complete", ["delivery"] = "live" });

        Assert.True(checks.Single(c => c.Group == "kitchen").Unchecked);
        Assert.Equal("none passed, and complete not reached", checks.Single(c => c.Group == "delivery").Summary());
    }

    private static RunbookStep Stage(int number, MigrationStage stage, string title) =>
        new() { Number = number, Action = StepAction.Stage, Title = title, Stage = stage };

    private static GateReading Reading(string current, GateValueState state, double seconds) =>
        new([new GateValue(DecommissionReport.GateName, current, "nothing reaches legacy for 2s", state)], TimeSpan.FromSeconds(seconds),
            state == GateValueState.Met);

    private static DemoThroughApi ThroughApiClean() =>
        new("delivery", new cli::Ftgo.Cli.ThroughApi.ApiVerifyReport("delivery", []), 1, TimeSpan.FromSeconds(1), null);
}
