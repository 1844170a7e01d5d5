extern alias cli;
using System.Diagnostics;
using System.Text.Json;
using cli::Ftgo.Cli;
using cli::Ftgo.Cli.Gateway;
using Ftgo.Cli.Tests.Infrastructure;
using Ftgo.Migration.Running;
using Ftgo.Stages;

namespace Ftgo.Cli.Tests.Commands;

/// <summary>`ftgo status` and the CDC heartbeat behind its CDC column: running with a lag, or not running — never "lag 0" for a dead pump.</summary>
public sealed class StatusCommandTests : IAsyncLifetime
{
    private World _world = null!;

    public async Task InitializeAsync() => _world = await World.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    [Fact]
    public async Task Status_ShowsEachGroupsStageShareMismatchesAndCdc()
    {
        await ReadCouriersThatDifferAsync(4);
        await using var cdc = await CdcInProcess.StartAsync(_world.CdcSettings);
        await Eventually.UntilAsync(() => FtgoProcess.RunAsync(_world.Environment(), "status"), r => r.Output.Contains("100 % (4 of 4"),
            "the four comparisons to be counted as mismatches");

        var result = await FtgoProcess.RunAsync(_world.Environment(), "status");

        Assert.True(result.Code == 0, result.ToString());
        var delivery = Assert.Single(result.Output.Split('\n'), l => l.Contains("│ delivery ") && l.Contains("shadow"));
        Assert.Contains("100 % / 0 % (4)", delivery);
        // Each difference was read again after the gateway's confirmation delay and still differed.
        Assert.Contains("100 % (4 of 4; 0 converged after lag)", delivery);
        Assert.Contains("running, lag", delivery);
        Assert.Single(result.Output.Split('\n'), l => l.Contains("│ kitchen ") && l.Contains("off") && l.Contains("running, lag"));
    }

    [Fact]
    public async Task Mismatches_ListsAGroupsKeptMismatches_NewestFirst_WithBodiesOnRequest_AndRefusesAnUnknownGroup()
    {
        await ReadCouriersThatDifferAsync(2);
        await Eventually.UntilAsync(() => FtgoProcess.RunAsync(_world.Environment(), "mismatches", "delivery"),
            r => r.Output.Contains("2 mismatches kept"), "the two mismatches kept");

        // Newest first: the ids descend (the two reads' comparisons run side by side, so either may be kept last).
        var both = await FtgoProcess.RunAsync(_world.Environment(), "mismatches", "delivery", "--limit", "2");
        var ids = both.Output.Split('\n').Where(l => l.StartsWith('#')).Select(l => long.Parse(l[1..l.IndexOf(' ')])).ToList();
        Assert.True(ids is [var newer, var older] && newer > older, both.ToString());

        var result = await FtgoProcess.RunAsync(_world.Environment(), "mismatches", "delivery", "--bodies", "--limit", "1");

        Assert.True(result.Code == 0, result.ToString());
        var lines = result.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("delivery: 2 mismatches kept; the latest 1:", lines[0]);
        Assert.Matches($@"^#{ids[0]}  \S+Z  /couriers/[12]  200 vs 200  confirmed  \$\.", lines[1]);
        Assert.StartsWith("    legacy: {", lines[2]);
        Assert.Contains("Someone else", lines[3]);
        var unknown = await FtgoProcess.RunAsync(_world.Environment(), "mismatches", "nosuch");
        Assert.True(unknown.Code == ExitCodes.Usage, unknown.ToString());
        Assert.Contains("nosuch", unknown.Error);
    }

    /// <summary>Delivery at shadow, its couriers named otherwise than legacy's: each of the first <paramref name="count"/> couriers read is a mismatch.</summary>
    private async Task ReadCouriersThatDifferAsync(int count)
    {
        await _world.Gateway.SetAsync("delivery", MigrationStage.Shadow);
        _world.Delivery.CourierName = "Someone else";
        for (var i = 1; i <= count; i++)
        {
            using var _ = await _world.Gateway.Client.GetAsync($"/couriers/{i}");
        }
    }

    [Fact]
    public void TheMismatchColumn_ShowsTheGatesRate_AndTheDifferencesThatConvergedAfterLag()
    {
        // The gateway's report as its admin API writes it (camelCase), read with the CLI's own settings.
        var group = JsonSerializer.Deserialize<GroupStatus>(
            """{"group":"delivery","compared":1500,"matched":1461,"converged":37,"mismatched":2,"mismatchRate":0.0013333}""",
            JsonSerializerOptions.Web)!;

        Assert.Equal(37, group.Converged);
        Assert.Equal("0.133 % (2 of 1,500; 37 converged after lag)", StatusCommand.Mismatch(group));
        Assert.Equal("-", StatusCommand.Mismatch(group with { Compared = 0, Mismatched = 0, Converged = 0, MismatchRate = 0 }));
    }

    [Fact]
    public async Task Status_OfOneGroup_ShowsTheLastChangeAndItsReason()
    {
        await _world.Gateway.SetAsync("kitchen", MigrationStage.Live, 10);
        await FtgoProcess.RunAsync(_world.Environment(), "rollback", "kitchen", "--reason", "drill");

        var result = await FtgoProcess.RunAsync(_world.Environment(), "status", "kitchen");

        Assert.True(result.Code == 0, result.ToString());
        Assert.Contains("dualwrite", result.Output);
        Assert.Contains("ftgo rollback: drill", result.Output);
        Assert.DoesNotContain("│ delivery ", result.Output);
    }

    [Fact]
    public async Task Status_OfAnUnknownGroup_Exits2()
    {
        var result = await FtgoProcess.RunAsync(_world.Environment(), "status", "billing");

        Assert.Equal(2, result.Code);
        Assert.Contains("There is no route group 'billing'", result.Error);
    }

    [Fact]
    public async Task Cdc_NeverStarted_StoppedCleanly_OrKilled_IsNotRunning_WithNoLag()
    {
        var settings = _world.CdcSettings;
        var never = await CdcStatusProbe.ReadAsync(settings, "kitchen", default);
        Assert.Equal((CdcState.NeverRan, null), (never.State, never.Lag));

        await using (var cdc = await CdcInProcess.StartAsync(settings))
        {
            var running = await CdcStatusProbe.ReadAsync(settings, "kitchen", default);
            Assert.Equal(CdcState.Running, running.State);
            Assert.NotNull(running.Lag);
        }
        var stopped = await CdcStatusProbe.ReadAsync(settings, "kitchen", default);
        Assert.Equal((CdcState.Stopped, null), (stopped.State, stopped.Lag));
        Assert.StartsWith("not running (stopped", stopped.Describe());

        // A real `ftgo cdc run`, killed without a chance to say goodbye: its heartbeat goes stale.
        using var process = Process.Start(new ProcessStartInfo("dotnet") { ArgumentList = { FtgoProcess.Dll, "cdc", "run" }, Environment = { }, UseShellExecute = false, RedirectStandardOutput = true }
            .WithEnvironment(_world.Stores.Environment()))!;
        try
        {
            await Eventually.UntilAsync(() => CdcStatusProbe.ReadAsync(settings, "kitchen", default), s => s.IsRunning, "ftgo cdc run to beat",
                TimeSpan.FromSeconds(30));
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
        var stale = await Eventually.UntilAsync(() => CdcStatusProbe.ReadAsync(settings, "kitchen", default, staleAfter: TimeSpan.FromMilliseconds(1500)),
            s => s.State == CdcState.Stale, "the heartbeat to go stale");
        Assert.Null(stale.Lag);
        Assert.StartsWith("not running (last heartbeat", stale.Describe());
    }
}

internal static class ProcessStartInfoExtensions
{
    public static ProcessStartInfo WithEnvironment(this ProcessStartInfo info, IReadOnlyDictionary<string, string> environment)
    {
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }
        return info;
    }
}
