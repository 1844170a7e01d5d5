using Ftgo.Cli.Tests.Infrastructure;
using Ftgo.Stages;

namespace Ftgo.Cli.Tests.Runbooks;

/// <summary>`ftgo runbook` as a user runs it: the dry-run plan, its errors and exit codes.</summary>
public sealed class RunbookCommandTests : IAsyncLifetime
{
    private World _world = null!;

    public async Task InitializeAsync() => _world = await World.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task DryRun_PrintsEveryStepWithItsGate_AndChangesNothing()
    {
        var result = await FtgoProcess.RunAsync(_world.Environment(), "runbook", "extract-delivery", "--dry-run", "--fast");

        Assert.True(result.Code == 0, result.ToString());
        var lines = result.Output.Split('\n', StringSplitOptions.TrimEntries);
        Assert.Contains("runbook extract-delivery: group delivery is at off (dry run, fast)", lines);
        Assert.Contains("step 1 preflight: would check legacy and the new service answer /healthz through the gateway, the new schema is migrated, change capture is installed", lines);
        Assert.Contains("step 4 dualwrite: would set the stage off → dualwrite", lines);
        Assert.Contains("step 6 shadow until 500 clean comparisons: would set the stage dualwrite → shadow; hold until ≥ 10 compared, mismatch ≤ 0.1 %, CDC lag ≤ 1s, hold 0ms, timeout 30s", lines);
        Assert.Contains("step 12 complete: would set the stage rampdown → complete", lines);
        Assert.Contains("runbook extract-delivery: dry run — nothing was changed.", lines);
        Assert.Equal(MigrationStage.Off, _world.Gateway.Flags("delivery").Stage);
        Assert.False(File.Exists(_world.Gateway.FlagsPath) && _world.Gateway.Flags("delivery").ChangedAt is not null);
    }

    [Fact]
    public async Task DryRun_WithoutFast_ShowsTheRealGates()
    {
        var result = await FtgoProcess.RunAsync(_world.Environment(), "runbook", "extract-delivery", "--dry-run");

        Assert.True(result.Code == 0, result.ToString());
        Assert.Contains("hold until ≥ 500 compared, mismatch ≤ 0.1 %, CDC lag ≤ 1s, hold 10m, timeout 24h", result.Output);
    }

    [Fact]
    public async Task AFailingStep_Exits6_WithWhatFailedAndHowToResume()
    {
        var result = await FtgoProcess.RunAsync(_world.Environment(), "runbook", "extract-kitchen", "--fast", "--from-step", "3");

        Assert.True(result.Code == 6, result.ToString());
        Assert.Contains("step 3 CDC running [cdc-running]", result.Output);
        Assert.Contains("FAIL CDC: not running (never started against this database) (bound running)", result.Output);
        Assert.Contains("ftgo: runbook extract-kitchen stopped at step 3 (CDC running)", result.Error);
        Assert.Contains("run 'ftgo runbook extract-kitchen --from-step 3'", result.Error);
    }

    [Fact]
    public async Task UnknownRunbook_Exits2_ListingTheRunbooks()
    {
        var result = await FtgoProcess.RunAsync(_world.Environment(), "runbook", "extract-billing");

        Assert.Equal(2, result.Code);
        Assert.Contains("There is no runbook 'extract-billing'", result.Error);
        Assert.Contains("extract-delivery, extract-kitchen", result.Error);
    }

    [Fact]
    public async Task FromAStepThatDoesNotExist_Exits2()
    {
        var result = await FtgoProcess.RunAsync(_world.Environment(), "runbook", "extract-kitchen", "--from-step", "14");

        Assert.Equal(2, result.Code);
        Assert.Contains("--from-step 14 does not exist: extract-kitchen has steps 1 to 13", result.Error);
    }
}
