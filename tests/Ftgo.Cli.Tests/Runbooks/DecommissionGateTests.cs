extern alias cli;
using cli::Ftgo.Cli.Gateway;
using cli::Ftgo.Cli.Runbooks;
using Ftgo.Cli.Tests.Infrastructure;
using Ftgo.Stages;

namespace Ftgo.Cli.Tests.Runbooks;

/// <summary>
/// The <c>decommission_check</c> gate: the shipped runbooks hold rampdown on it before complete; it waits while
/// legacy still answers a group route, holds once the window has passed quiet, and fails at its timeout naming the route.
/// </summary>
public sealed class DecommissionGateTests : IAsyncLifetime
{
    private World _world = null!;

    public async Task InitializeAsync() => _world = await World.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Theory]
    [InlineData("extract-kitchen")]
    [InlineData("extract-delivery")]
    public void ShippedRunbooks_HoldRampdown_OnTheDecommissionCheck_BeforeComplete(string name)
    {
        var runbook = new RunbookLibrary(Path.Combine(Path.GetDirectoryName(FtgoProcess.Dll)!, "runbooks")).Load(name);

        var rampdown = runbook.Steps.Single(s => s.Stage == MigrationStage.RampDown);
        Assert.Equal(MigrationStage.Complete, runbook.Steps[rampdown.Number].Stage); // the next step
        Assert.Equal(TimeSpan.FromMinutes(10), rampdown.Gate.DecommissionWindow);
        Assert.Equal(TimeSpan.FromSeconds(2), rampdown.FastGate.DecommissionWindow);
        Assert.Contains("nothing reaches legacy for 10m", rampdown.Gate.Describe());
    }

    [Fact]
    public void ADecommissionWindowBeyondAnHour_IsRefused()
    {
        const string yaml = """
            name: decommission
            group: kitchen
            steps:
              - step: 1
                do: hold
                gate: { decommission_check: 2h }
            """;

        var error = Assert.Throws<RunbookFormatException>(() => RunbookLoader.Parse(yaml, "decommission.yaml"));

        Assert.Contains("decommission_check is a window above 0 and at most 1h", error.Message);
    }

    [Fact]
    public async Task TheGate_WaitsWhileLegacyAnswered_AndHoldsOnceTheWindowPassedQuiet()
    {
        await _world.Gateway.SetAsync("kitchen", MigrationStage.DualWrite);
        using var _ = await _world.Gateway.Client.PostAsync("/orders/7/ready", null);
        await Eventually.UntilAsync(() => _world.Admin.GetLegacyTrafficAsync("kitchen", DateTimeOffset.UtcNow.AddMinutes(-1)),
            t => t.Routes.Sum(r => r.Answers) == 1, "the gateway to count legacy's answer");

        var (result, observer) = await RunAsync(Hold("decommission_check: 1s, timeout: 30s"));

        Assert.True(result.Outcome == RunbookOutcome.Completed, $"{result}\n{observer}");
        // Clear says what it counted over the window: the gateway's three kitchen routes (this replica: the flags file), CDC, the seams.
        Assert.Contains(observer.Lines, l => l.StartsWith("finished 1:") && l.Contains("decommission check clear: 0 legacy answers on 3 routes (this replica), "));
    }

    [Fact]
    public async Task TheGate_FailsAtItsTimeout_NamingTheRouteLegacyStillAnswers()
    {
        await _world.Gateway.SetAsync("kitchen", MigrationStage.DualWrite);
        using var _ = await _world.Gateway.Client.PostAsync("/orders/7/ready", null);
        await Eventually.UntilAsync(() => _world.Admin.GetLegacyTrafficAsync("kitchen", DateTimeOffset.UtcNow.AddMinutes(-1)),
            t => t.Routes.Sum(r => r.Answers) == 1, "the gateway to count legacy's answer");

        var (result, observer) = await RunAsync(Hold("decommission_check: 10m, timeout: 1s"));

        Assert.True(result.Outcome == RunbookOutcome.Failed, $"{result}\n{observer}");
        Assert.Contains("decommission check legacy answered POST /orders/{id:long}/ready 1×", result.Message);
        Assert.Contains("ftgo decommission-check kitchen", result.Message);
    }

    private static Runbook Hold(string gate) => RunbookLoader.Parse($$"""
        name: decommission
        group: kitchen
        rollback_to: dualwrite
        poll: 100ms
        steps:
          - step: 1
            do: hold
            gate: { {{gate}} }
        """, "decommission.yaml");

    private Task<(RunbookResult Result, RecordingObserver Observer)> RunAsync(Runbook runbook) =>
        EngineRun.RunAsync(_world, runbook, new RunbookOptions());
}
