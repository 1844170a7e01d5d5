extern alias cli;
using cli::Ftgo.Cli.Gateway;
using cli::Ftgo.Cli.Runbooks;
using Ftgo.Cli.Tests.Infrastructure;
using Ftgo.Glue.Acl;
using Ftgo.Migration.Running;
using Microsoft.Data.Sqlite;
using Ftgo.Stages;

namespace Ftgo.Cli.Tests.Runbooks;

/// <summary>
/// The runbook engine on the shipped runbooks with <c>--fast</c>: a real gateway, real SQLite stores,
/// the real CDC pump and its heartbeat, reads flowing through the gateway for the gates to count.
/// </summary>
public sealed class RunbookEngineTests : IAsyncLifetime
{
    private World _world = null!;

    public async Task InitializeAsync() => _world = await World.StartAsync();

    public async Task DisposeAsync() => await _world.DisposeAsync();

    private static Runbook Load(string name) => new RunbookLibrary(Path.Combine(RepositoryFolder(), "migration", "runbooks")).Load(name);

    private static string RepositoryFolder() => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(FtgoProcess.Dll)!, "../../../../.."));

    private Task<(RunbookResult Result, RecordingObserver Observer)> RunAsync(string name, RunbookOptions options,
        Func<CdcSettings, CdcSettings>? settings = null) => EngineRun.RunAsync(_world, Load(name), options, settings);

    [Fact]
    public async Task ExtractDelivery_Fast_ReachesComplete_AndRunningItAgainChangesNothing()
    {
        await using var cdc = await CdcInProcess.StartAsync(_world.CdcSettings);
        await using var traffic = new Traffic(_world.Gateway.Client);

        var (result, observer) = await RunAsync("extract-delivery", new RunbookOptions { Fast = true });

        Assert.True(result.Outcome == RunbookOutcome.Completed, $"{result}\n{observer}");
        Assert.Equal(MigrationStage.Complete, _world.Gateway.Flags("delivery").Stage);
        Assert.Equal(Enumerable.Range(1, 12).Select(n => $"finished {n}"), observer.Lines.Where(l => l.StartsWith("finished")).Select(l => l.Split(':')[0]));
        Assert.Contains(observer.Lines, l => l.StartsWith("finished 6: dualwrite → shadow; gate held: compared reads"));
        Assert.Contains(observer.Lines, l => l.StartsWith("gate 7:") && l.Contains("new-side requests") && l.Contains("Met"));
        var changedAt = _world.Gateway.Flags("delivery").ChangedAt;

        var (again, againObserver) = await RunAsync("extract-delivery", new RunbookOptions { Fast = true });

        Assert.Equal(RunbookOutcome.AlreadyFinished, again.Outcome);
        Assert.Contains("already finished — delivery is at complete; nothing to do", again.Message);
        Assert.DoesNotContain(againObserver.Lines, l => l.StartsWith("started"));
        Assert.Equal(changedAt, _world.Gateway.Flags("delivery").ChangedAt);

        // Re-running finished stage steps explicitly: each is already past, nothing moves back.
        var (fromFour, fromFourObserver) = await RunAsync("extract-delivery", new RunbookOptions { Fast = true, FromStep = 4 });

        Assert.True(fromFour.Outcome == RunbookOutcome.Completed, $"{fromFour}\n{fromFourObserver}");
        Assert.Contains(fromFourObserver.Lines, l => l == "skipped 4: already past: delivery is at complete");
        Assert.Contains(fromFourObserver.Lines, l => l == "skipped 10: already past: delivery is at complete");
        Assert.Equal(changedAt, _world.Gateway.Flags("delivery").ChangedAt);
    }

    [Fact]
    public async Task AMismatchingNewSide_FailsTheShadowGate_RollsBack_AndFromStepResumesAfterTheFix()
    {
        await using var cdc = await CdcInProcess.StartAsync(_world.CdcSettings);
        await using var traffic = new Traffic(_world.Gateway.Client);
        // The runbook's gate is the subject: the gateway's own rollback on mismatches (a rate above 100 %, never) stays out of its way.
        await _world.Gateway.UpdateAsync("delivery", f => f with { Rollback = f.Rollback with { MaxMismatchRate = 1 } });
        _world.Delivery.CourierName = "Not the same courier";

        var (failed, observer) = await RunAsync("extract-delivery", new RunbookOptions { Fast = true });

        Assert.True(failed.Outcome == RunbookOutcome.Failed, $"{failed}\n{observer}");
        Assert.Equal(6, failed.FailedStep);
        Assert.True(failed.RolledBack);
        Assert.Contains("stopped at step 6 (shadow until 500 clean comparisons): gate failed: mismatch rate 100 %", failed.Message);
        Assert.Contains("look at the differing JSON paths: GET /_strangler/groups/delivery/mismatches", failed.Message);
        Assert.Contains("delivery was rolled back from shadow to dualwrite", failed.Message);
        Assert.Contains("--from-step 6", failed.Message);
        Assert.Contains(observer.Lines, l => l == "rolled back delivery shadow -> dualwrite");
        var flags = _world.Gateway.Flags("delivery");
        Assert.Equal(MigrationStage.DualWrite, flags.Stage);
        Assert.StartsWith("ftgo runbook extract-delivery: step 6 failed: gate failed: mismatch rate", flags.Reason);

        _world.Delivery.CourierName = _world.Legacy.CourierName;
        var (resumed, resumedObserver) = await RunAsync("extract-delivery", new RunbookOptions { Fast = true, FromStep = 6 });

        Assert.True(resumed.Outcome == RunbookOutcome.Completed, $"{resumed}\n{resumedObserver}");
        Assert.Equal(Enumerable.Range(1, 5).Select(n => $"skipped {n}: before --from-step 6"), resumedObserver.Lines.Where(l => l.StartsWith("skipped")));
        Assert.DoesNotContain(resumedObserver.Lines, l => l is "started 1" or "started 2" or "started 5");
        Assert.Equal(MigrationStage.Complete, _world.Gateway.Flags("delivery").Stage);
    }

    [Fact]
    public async Task WithoutFromStep_ARunResumesAtTheGroupsStage()
    {
        await _world.Gateway.SetAsync("kitchen", MigrationStage.Live, 25);
        await using var cdc = await CdcInProcess.StartAsync(_world.CdcSettings);

        var (result, observer) = await RunAsync("extract-kitchen", new RunbookOptions { Fast = true, DryRun = true });

        Assert.Equal(RunbookOutcome.Completed, result.Outcome);
        Assert.Equal(Enumerable.Range(1, 8).Select(n => $"skipped {n}: done: kitchen is already at live 25 %"), observer.Lines.Where(l => l.StartsWith("skipped")));
        Assert.Contains("planned 9: live 25 % is already in force: no change; hold until", observer.Lines.Single(l => l.StartsWith("planned 9")));
        Assert.Contains("planned 10: set the stage live 25 % → live 50 %", observer.Lines.Single(l => l.StartsWith("planned 10")));
        Assert.Equal((MigrationStage.Live, 25.0), (_world.Gateway.Flags("kitchen").Stage, _world.Gateway.Flags("kitchen").Percent));
    }

    [Fact]
    public async Task CdcNotRunning_FailsStep3_AndLeavesTheGroupWhereItWas()
    {
        var (result, observer) = await RunAsync("extract-kitchen", new RunbookOptions { Fast = true, FromStep = 3 });

        Assert.True(result.Outcome == RunbookOutcome.Failed, $"{result}\n{observer}");
        Assert.Equal(3, result.FailedStep);
        Assert.False(result.RolledBack);
        Assert.Contains("gate failed: CDC not running (never started against this database)", result.Message);
        Assert.Contains("look at 'ftgo status' and the output of 'ftgo cdc run'", result.Message);
        Assert.Contains("kitchen stays at off", result.Message);
        Assert.Equal(MigrationStage.Off, _world.Gateway.Flags("kitchen").Stage);
    }

    [Fact]
    public async Task Preflight_FailsWhenCaptureIsNotInstalled_SayingWhatToStart()
    {
        var (result, observer) = await RunAsync("extract-kitchen", new RunbookOptions { Fast = true });

        Assert.True(result.Outcome == RunbookOutcome.Failed, $"{result}\n{observer}");
        Assert.Equal(1, result.FailedStep);
        Assert.Contains("capture triggers", result.Message);
        Assert.Contains("start 'ftgo cdc run' (it installs them)", result.Message);
        Assert.Contains(observer.Lines, l => l.StartsWith("gate 1:") && l.Contains("legacy /healthz Healthy (legacy answers) Healthy Met") && l.Contains("kitchen schema migrated ok Met"));
    }

    [Fact]
    public async Task Preflight_OfDelivery_FailsWhenTheMonolithsCourierIdsReachTheServicesRange_SayingWhatToSet()
    {
        // Numbered by the monolith before the migration began (before capture: CDC never copies it).
        await using (var legacy = new SqliteConnection(_world.Stores.Legacy))
        {
            await legacy.OpenAsync();
            await using var insert = legacy.CreateCommand();
            insert.CommandText = "INSERT INTO couriers (id, first_name, last_name, street1, city, state, zip, available) VALUES " +
                                 "(7, 'Ann', 'Early', '1 Main St', 'Oakland', 'CA', '94611', 0), (41, 'Chris', 'Courier', '1 Main St', 'Oakland', 'CA', '94611', 0)";
            await insert.ExecuteNonQueryAsync();
        }
        await using var cdc = await CdcInProcess.StartAsync(_world.CdcSettings);

        var (inRange, observer) = await RunAsync("extract-delivery", new RunbookOptions { Fast = true },
            s => s with { CourierIds = new CourierIdRange(40) });

        Assert.True(inRange.Outcome == RunbookOutcome.Failed, $"{inRange}\n{observer}");
        Assert.Equal(1, inRange.FailedStep);
        Assert.Contains("courier ids: the monolith holds 1 courier id(s) in the Delivery service's range (from 40) that the service did not register (e.g. 41)", inRange.Message);
        Assert.Contains("set Ftgo:Delivery:CourierIdStart above the monolith's courier ids", inRange.Message);
        Assert.Equal(MigrationStage.Off, _world.Gateway.Flags("delivery").Stage);

        var (nextInRange, _) = await RunAsync("extract-delivery", new RunbookOptions { Fast = true },
            s => s with { CourierIds = new CourierIdRange(8) });
        Assert.Contains("courier ids: the monolith's next courier id is 8, inside the Delivery service's range (from 8)", nextInRange.Message);

        var fine = await CdcPreflight.CheckAsync(_world.CdcSettings with { CourierIds = new CourierIdRange(1_000) }, "delivery", default);
        Assert.Contains(new PreflightCheck("courier ids", true, "the monolith's next is 42, below 1000 (Ftgo:Delivery:CourierIdStart), where Delivery's begin"), fine);
    }

    [Fact]
    public async Task ANewSideThatFails_AtLive_RollsTheGroupBack()
    {
        await using var cdc = await CdcInProcess.StartAsync(_world.CdcSettings);
        await using var traffic = new Traffic(_world.Gateway.Client);
        await _world.Gateway.SetAsync("delivery", MigrationStage.Shadow);
        await _world.Delivery.DisposeAsync(); // the Delivery service goes down

        var (result, observer) = await RunAsync("extract-delivery", new RunbookOptions { Fast = true, FromStep = 7 });

        Assert.True(result.Outcome == RunbookOutcome.Failed, $"{result}\n{observer}");
        Assert.Equal(7, result.FailedStep);
        Assert.True(result.RolledBack);
        Assert.Equal(MigrationStage.DualWrite, _world.Gateway.Flags("delivery").Stage);
        Assert.Contains("stopped at step 7 (live 5 %): gate failed: error rate 100 %", result.Message);
        Assert.Contains("look at the delivery service's log and /healthz", result.Message);
    }
}
