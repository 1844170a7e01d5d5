using Ftgo.Cli.Tests.Infrastructure;
using Ftgo.Stages;

namespace Ftgo.Cli.Tests.Commands;

/// <summary>`ftgo stage` and `ftgo rollback` as a user runs them, against a real gateway: output, flags, errors, exit codes.</summary>
public sealed class StageCommandTests : IAsyncLifetime
{
    private World _world = null!;

    public async Task InitializeAsync() => _world = await World.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Stage_MovesTheGroupThroughTheGateway_AndAgainChangesNothing()
    {
        var moved = await FtgoProcess.RunAsync(_world.Environment(), "stage", "delivery", "live", "--percent", "5", "--reason", "canary");

        Assert.True(moved.Code == 0, moved.ToString());
        Assert.Contains("delivery: off → live 5 %", moved.Output);
        var flags = _world.Gateway.Flags("delivery");
        Assert.Equal((MigrationStage.Live, 5.0), (flags.Stage, flags.Percent));
        Assert.Equal("ftgo stage: canary", flags.Reason);

        var again = await FtgoProcess.RunAsync(_world.Environment(), "stage", "delivery", "live", "--percent", "5");

        Assert.True(again.Code == 0, again.ToString());
        Assert.Contains("delivery is already at live 5 %: nothing changed", again.Output);
        Assert.Equal(flags.ChangedAt, _world.Gateway.Flags("delivery").ChangedAt);
    }

    [Fact]
    public async Task Stage_UnknownStage_Exits2_NamingTheStages_WithoutCallingTheGateway()
    {
        var result = await FtgoProcess.RunAsync(_world.Environment(), "stage", "kitchen", "halfway");

        Assert.Equal(2, result.Code);
        Assert.Contains("'halfway' is not a stage; the stages are off, dualwrite, shadow, live, rampdown, complete", result.Error);
        Assert.Equal(MigrationStage.Off, _world.Gateway.Flags("kitchen").Stage);
    }

    [Fact]
    public async Task Stage_UnknownGroup_Exits2_AndListsTheGatewaysGroups()
    {
        var result = await FtgoProcess.RunAsync(_world.Environment(), "stage", "billing", "shadow");

        Assert.Equal(2, result.Code);
        Assert.Contains("There is no route group 'billing'", result.Error);
        Assert.Contains("delivery, delivery-features, kitchen", result.Error);
    }

    [Fact]
    public async Task Stage_MalformedGroupName_Exits2_BeforeCallingTheGateway()
    {
        var result = await FtgoProcess.RunAsync(null, "stage", "Kitchen!", "shadow", "--gateway", $"http://127.0.0.1:{Loopback.FreePort()}");

        Assert.Equal(2, result.Code);
        Assert.Contains("'Kitchen!' is not a route group name", result.Error);
    }

    [Theory]
    [InlineData("150", "--percent must be between 0 and 100, not 150")]
    [InlineData("-1", "--percent must be between 0 and 100, not -1")]
    public async Task Stage_PercentOutOfRange_Exits2(string percent, string message)
    {
        var result = await FtgoProcess.RunAsync(_world.Environment(), "stage", "kitchen", "live", "--percent", percent);

        Assert.Equal(2, result.Code);
        Assert.Contains(message, result.Error);
    }

    [Fact]
    public async Task Stage_PercentOnAnotherStage_Exits2()
    {
        var result = await FtgoProcess.RunAsync(_world.Environment(), "stage", "kitchen", "shadow", "--percent", "10");

        Assert.Equal(2, result.Code);
        Assert.Contains("--percent applies only to live, not to shadow", result.Error);
    }

    [Fact]
    public async Task Stage_LiveWithoutPercent_Exits2_WithTheGatewaysReason()
    {
        var result = await FtgoProcess.RunAsync(_world.Environment(), "stage", "kitchen", "live");

        Assert.Equal(2, result.Code);
        Assert.Contains("'percent' (0–100) is required when moving to live", result.Error);
        Assert.Equal(MigrationStage.Off, _world.Gateway.Flags("kitchen").Stage);
    }

    [Fact]
    public async Task Rollback_GoesToDualwriteByDefault_AndRecordsTheReason()
    {
        await _world.Gateway.SetAsync("kitchen", MigrationStage.Live, 25);

        var result = await FtgoProcess.RunAsync(_world.Environment(), "rollback", "kitchen", "--reason", "p99 too high");

        Assert.True(result.Code == 0, result.ToString());
        Assert.Contains("kitchen: rolled back live 25 % → dualwrite (p99 too high)", result.Output);
        var flags = _world.Gateway.Flags("kitchen");
        Assert.Equal(MigrationStage.DualWrite, flags.Stage);
        Assert.Equal("ftgo rollback: p99 too high", flags.Reason);
    }

    [Fact]
    public async Task Rollback_ToOff_AndAtOrBeforeTheTarget_ChangesNothing()
    {
        await _world.Gateway.SetAsync("delivery", MigrationStage.Shadow);

        var off = await FtgoProcess.RunAsync(_world.Environment(), "rollback", "delivery", "--to", "off");
        Assert.True(off.Code == 0, off.ToString());
        Assert.Equal(MigrationStage.Off, _world.Gateway.Flags("delivery").Stage);
        var changedAt = _world.Gateway.Flags("delivery").ChangedAt;

        var again = await FtgoProcess.RunAsync(_world.Environment(), "rollback", "delivery");

        Assert.True(again.Code == 0, again.ToString());
        Assert.Contains("delivery is at off, already at or before dualwrite: nothing to roll back", again.Output);
        Assert.Equal(changedAt, _world.Gateway.Flags("delivery").ChangedAt);
    }

    [Fact]
    public async Task Rollback_ToAnythingButDualwriteOrOff_Exits2()
    {
        var result = await FtgoProcess.RunAsync(_world.Environment(), "rollback", "kitchen", "--to", "shadow");

        Assert.Equal(2, result.Code);
        Assert.Contains("'shadow'", result.Error);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("stage", "kitchen", "shadow")]
    [InlineData("rollback", "kitchen")]
    [InlineData("runbook", "extract-kitchen", "--dry-run")]
    public async Task WithoutTheToken_Exits5_NamingTheSetting(params string[] args)
    {
        var result = await FtgoProcess.RunAsync(_world.Environment(withToken: false), args);

        Assert.True(result.Code == 5, result.ToString());
        Assert.Contains("wants an admin token and none is set: give --token or set Ftgo:Gateway:AdminToken", result.Error);
    }

    [Fact]
    public async Task WithAWrongToken_Exits5_SayingItWasRefused()
    {
        var result = await FtgoProcess.RunAsync(_world.Environment(), "stage", "kitchen", "shadow", "--token", "guess");

        Assert.Equal(5, result.Code);
        Assert.Contains("refused the admin token", result.Error);
        Assert.Equal(MigrationStage.Off, _world.Gateway.Flags("kitchen").Stage);
    }

    [Theory]
    [InlineData("status")]
    [InlineData("stage", "kitchen", "shadow")]
    [InlineData("rollback", "kitchen")]
    [InlineData("runbook", "extract-delivery", "--fast")]
    public async Task GatewayUnreachable_Exits4_NamingTheUrl(params string[] args)
    {
        var url = $"http://127.0.0.1:{Loopback.FreePort()}";

        var result = await FtgoProcess.RunAsync(new Dictionary<string, string> { ["Ftgo__Gateway__AdminToken"] = "x" }, [.. args, "--gateway", url]);

        Assert.True(result.Code == 4, result.ToString());
        Assert.Contains($"The gateway at {url}/ is unreachable (connection refused)", result.Error);
    }

    [Fact]
    public async Task Help_ListsTheCommandsAndTheExitCodes()
    {
        var result = await FtgoProcess.RunAsync(null, "--help");

        Assert.Equal(0, result.Code);
        foreach (var command in new[] { "status", "stage", "rollback", "runbook", "cdc", "backfill", "verify" })
        {
            Assert.Contains(command, result.Output);
        }
        Assert.Contains("4 gateway unreachable", result.Output);
        Assert.Contains("6 a runbook step failed", result.Output);
    }
}
