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
        await _world.Gateway.SetAsync("delivery", MigrationStage.Shadow);
        var moved = await FtgoProcess.RunAsync(_world.Environment(), "stage", "delivery", "live", "--percent", "5", "--reason", "canary");

        Assert.True(moved.Code == 0, moved.ToString());
        Assert.Contains("delivery: shadow → live 5 %", moved.Output);
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
    public async Task Stage_ThatSkipsStages_Exits7_SayingHowToForceIt_AndForcedWithAReasonMovesIt()
    {
        var refused = await FtgoProcess.RunAsync(_world.Environment(), "stage", "kitchen", "complete");

        Assert.True(refused.Code == 7, refused.ToString());
        Assert.Contains("kitchen: off → complete skips dualwrite, shadow, live, rampdown", refused.Error);
        Assert.Contains("--force --reason", refused.Error);
        Assert.Equal(MigrationStage.Off, _world.Gateway.Flags("kitchen").Stage);

        var withoutReason = await FtgoProcess.RunAsync(_world.Environment(), "stage", "kitchen", "complete", "--force");
        Assert.True(withoutReason.Code == 2, withoutReason.ToString());
        Assert.Contains("--force needs --reason", withoutReason.Error);

        var forced = await FtgoProcess.RunAsync(_world.Environment(), "stage", "kitchen", "complete", "--force", "--reason", "restored from the old cluster");
        Assert.True(forced.Code == 0, forced.ToString());
        Assert.Equal(MigrationStage.Complete, _world.Gateway.Flags("kitchen").Stage);

        var history = await FtgoProcess.RunAsync(_world.Environment(), "history", "kitchen");
        Assert.True(history.Code == 0, history.ToString());
        Assert.Matches(@"v\d+  kitchen  off → complete  by admin \(person\), FORCED  ftgo stage: restored from the old cluster", history.Output);
    }

    [Fact]
    public async Task History_ListsEachChangeOfAGroup_OldestFirst_AndSaysWhenThereIsNone()
    {
        var none = await FtgoProcess.RunAsync(_world.Environment(), "history", "delivery");
        Assert.True(none.Code == 0, none.ToString());
        Assert.Contains("No stage change of delivery recorded.", none.Output);

        await FtgoProcess.RunAsync(_world.Environment(), "stage", "delivery", "dualwrite", "--reason", "first");
        await FtgoProcess.RunAsync(_world.Environment(), "stage", "delivery", "shadow", "--reason", "second");
        await FtgoProcess.RunAsync(_world.Environment(), "rollback", "delivery", "--reason", "third");

        var history = await FtgoProcess.RunAsync(_world.Environment(), "history", "delivery");

        Assert.True(history.Code == 0, history.ToString());
        var lines = history.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, lines.Length);
        Assert.Contains("off → dualwrite  by admin (person)  ftgo stage: first", lines[0]);
        Assert.Contains("dualwrite → shadow  by admin (person)  ftgo stage: second", lines[1]);
        Assert.Contains("shadow → dualwrite  by admin (person)  ftgo rollback: third", lines[2]);
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
