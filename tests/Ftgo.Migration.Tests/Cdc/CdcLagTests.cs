using Ftgo.Migration.Running;
using Ftgo.Migration.Tests.Infrastructure;

namespace Ftgo.Migration.Tests.Cdc;

/// <summary>
/// CDC's lag cannot lie: the heartbeat probes the monolith's stream each beat (a sync mark through the
/// slot), and a target's lag is the age of the oldest probe it has not applied. With the applier frozen
/// (a transaction holds the checkpoint table every apply writes) while the monolith writes, the lag the
/// status and the runbook's gate read grows past any bound; it falls back once the applier moves. The
/// heartbeat used to call a pump that saw nothing new for two beats caught up: lag 0.
/// </summary>
public sealed class CdcLagTests
{
    private static readonly TimeSpan Beat = TimeSpan.FromMilliseconds(200);

    [Fact]
    public async Task AFrozenApplier_ShowsALagThatGrows_AndNoneOnceItMovesAgain()
    {
        await using var stores = await TestStores.CreateAsync(Engine.Postgres);
        await using var cdc = await CdcScenario.StartAsync(stores, stores.Settings());
        using var stop = new CancellationTokenSource();
        var heartbeat = Task.Run(() => CdcHeartbeat.RunAsync(cdc.Settings, cdc.Statistics, () => CdcHeartbeat.Leader, stop.Token, Beat));
        var restaurant = await cdc.Legacy.InsertRestaurantAsync();
        await Eventually.UntilAsync(() => CdcStatusProbe.ReadAsync(cdc.Settings, "kitchen", default),
            s => s.IsRunning && s.Lag < TimeSpan.FromSeconds(1), "CDC to run, caught up");

        await using (var freezer = await stores.OpenAsync(stores.Kitchen))
        {
            await using var hold = await freezer.BeginTransactionAsync();
            await using (var command = freezer.CreateCommand())
            {
                command.Transaction = hold;
                // Writes wait, reads do not: the heartbeat still sees the checkpoints, and still beats.
                command.CommandText = "LOCK TABLE kitchen.cdc_checkpoints IN EXCLUSIVE MODE";
                await command.ExecuteNonQueryAsync();
            }
            await cdc.Legacy.InsertOrderAsync(restaurant);

            var frozen = await Eventually.UntilAsync(() => CdcStatusProbe.ReadAsync(cdc.Settings, "kitchen", default),
                s => s.Lag > TimeSpan.FromSeconds(2), "the lag to show the frozen applier");
            Assert.True(frozen.IsRunning, frozen.Describe());
            // The slot has not been told any of it is applied: the oldest unacknowledged change is as old as the lag.
            Assert.True(frozen.OldestUnacknowledged >= frozen.Lag - TimeSpan.FromSeconds(1), frozen.Describe());
            Assert.Contains("oldest unacknowledged change", frozen.Describe());
            Assert.Contains("of WAL", frozen.Describe());
            await hold.RollbackAsync();
        }

        await Eventually.UntilAsync(() => CdcStatusProbe.ReadAsync(cdc.Settings, "kitchen", default),
            s => s.IsRunning && s.Lag < TimeSpan.FromSeconds(1), "the lag to fall back once the applier moves");
        await stop.CancelAsync();
        await heartbeat;
    }
}
