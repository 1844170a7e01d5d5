using Ftgo.Migration.Backfill;
using Ftgo.Migration.Running;
using Ftgo.Migration.Tests.Cdc;
using Ftgo.Migration.Tests.Infrastructure;
using Ftgo.Migration.Verification;

namespace Ftgo.Migration.Tests.Backfill;

/// <summary>The snapshot: killed and resumed; and run beside live CDC under writes.</summary>
public sealed class BackfillTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(Engine.Postgres)]
    [InlineData(Engine.Sqlite)]
    public async Task Backfill_KilledAndResumed_CopiesOnlyTheRest_AndEndsClean(Engine engine)
    {
        await using var stores = await TestStores.CreateAsync(engine);
        var legacy = new LegacyWriter(stores);
        var restaurant = await legacy.InsertRestaurantAsync();
        await legacy.InsertCourierAsync();
        const int orders = 3000;
        await legacy.SeedAsync(restaurant, orders);
        var settings = stores.Settings();
        var kitchenCheckpoints = stores.Engine == Engine.Postgres ? "kitchen.cdc_checkpoints" : "kitchen_cdc_checkpoints";
        var deliveryCheckpoints = stores.Engine == Engine.Postgres ? "delivery.cdc_checkpoints" : "delivery_cdc_checkpoints";
        async Task<long> SnapshotProgressAsync() => Math.Min(
            await stores.ScalarAsync<long>(stores.Kitchen, $"SELECT coalesce(max(position), 0) FROM {kitchenCheckpoints} WHERE stream = 'snapshot:orders'"),
            await stores.ScalarAsync<long>(stores.Delivery, $"SELECT coalesce(max(position), 0) FROM {deliveryCheckpoints} WHERE stream = 'snapshot:orders'"));

        await using (var killed = ChildProcess.Start(Repository.Output("Ftgo.Cli", "ftgo.dll"),
            ["backfill", "all", "--batch-size", "50", "--throttle", "1500"], stores.Environment()))
        {
            await Eventually.UntilAsync(SnapshotProgressAsync, p => p > 0, "the backfill to copy some orders to both sides", Timeout,
                () => $"output: {killed.Output}");
            await killed.KillAsync();
        }
        // Each side resumes after its own last committed batch; the snapshot re-reads from the one behind.
        var copiedBeforeKill = await SnapshotProgressAsync();
        Assert.InRange(copiedBeforeKill, 1, orders - 1);

        var resumed = await Backfiller.RunAsync(settings, "all", new BackfillOptions { BatchSize = 500 }, null, CancellationToken.None);

        var expectedRest = (orders - copiedBeforeKill) * 3; // each order with its two lines
        Assert.Equal(expectedRest, resumed.Rows["orders"]);
        Assert.True((await Verifier.RunAsync(settings, "all", 500, CancellationToken.None)).Clean, "verify after the resumed backfill");
        Assert.Equal(orders, await stores.CountAsync(stores.Kitchen, stores.Table("kitchen", engine == Engine.Postgres ? "tickets" : "kitchen_tickets")));
    }

    [Theory]
    [InlineData(Engine.Postgres)]
    [InlineData(Engine.Sqlite)]
    public async Task Backfill_BesideLiveCdcUnderWrites_EndsClean(Engine engine)
    {
        await using var stores = await TestStores.CreateAsync(engine);
        var legacy = new LegacyWriter(stores);
        var restaurant = await legacy.InsertRestaurantAsync();
        var courier = await legacy.InsertCourierAsync();
        await legacy.SeedAsync(restaurant, 1500);
        var seeded = await stores.ScalarAsync<long>(stores.Legacy, $"SELECT max(id) FROM {stores.Table("ftgo", "orders")}");

        await using var cdc = await CdcScenario.StartAsync(stores, stores.Settings());
        // Writes that touch rows the snapshot is copying at the same time, and new ones.
        using var stop = new CancellationTokenSource();
        var writes = Task.Run(async () =>
        {
            var i = 0L;
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(8));
            while (!stop.IsCancellationRequested && await timer.WaitForNextTickAsync())
            {
                i++;
                var old = 1 + (i * 37 % seeded);
                switch (i % 4)
                {
                    case 0: await legacy.AcceptAsync(old, courier); break;
                    case 1: await legacy.ExecuteAsync("UPDATE {t}order_line_items SET quantity = quantity + 1 WHERE order_id = @o", ("@o", old)); break;
                    case 2: await legacy.ExecuteAsync("DELETE FROM {t}order_line_items WHERE order_id = @o AND menu_item_id = '2'", ("@o", old)); break;
                    default: await legacy.InsertOrderAsync(restaurant); break;
                }
            }
        });

        var result = await Backfiller.RunAsync(cdc.Settings, "all", new BackfillOptions { BatchSize = 200 }, null, CancellationToken.None);
        await stop.CancelAsync();
        await writes;

        Assert.True(result.Rows["orders"] >= 1500 * 2, "the snapshot copied the seeded orders");
        await cdc.SettledAsync("verify clean after backfill beside CDC");
    }

    /// <summary>
    /// Batches are worked out for every side before their transaction; a side whose checkpoint is
    /// ahead keeps only what it lacks. Kitchen is stopped after its first batch of 500, then "all"
    /// runs with batches of 300: the batch (300, 600] is half done for Kitchen, none of it for Delivery.
    /// </summary>
    [Theory]
    [InlineData(Engine.Postgres)]
    [InlineData(Engine.Sqlite)]
    public async Task Backfill_OneSideAhead_WritesEachSideOnlyWhatItLacks_AndEndsClean(Engine engine)
    {
        await using var stores = await TestStores.CreateAsync(engine);
        var legacy = new LegacyWriter(stores);
        var restaurant = await legacy.InsertRestaurantAsync();
        const int orders = 1500;
        await legacy.SeedAsync(restaurant, orders);
        var settings = stores.Settings();
        string Kitchen(string table) => stores.Table("kitchen", engine == Engine.Postgres ? table : "kitchen_" + table);

        using var stop = new CancellationTokenSource();
        var stopAfterFirstBatch = new SyncProgress(p =>
        {
            if (p.Done > 0 && !p.Finished)
            {
                stop.Cancel();
            }
        });
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            Backfiller.RunAsync(settings, "kitchen", new BackfillOptions { BatchSize = 500 }, stopAfterFirstBatch, stop.Token));
        Assert.Equal(500, await stores.ScalarAsync<long>(stores.Kitchen, $"SELECT position FROM {Kitchen("cdc_checkpoints")} WHERE stream = 'snapshot:orders'"));
        Assert.Equal(500, await stores.CountAsync(stores.Kitchen, Kitchen("tickets")));

        var all = await Backfiller.RunAsync(settings, "all", new BackfillOptions { BatchSize = 300 }, null, CancellationToken.None);

        Assert.Equal(orders * 3, all.Rows["orders"]); // read from the side behind (Delivery): every order with its lines
        Assert.True((await Verifier.RunAsync(settings, "all", 500, CancellationToken.None)).Clean, "verify after both runs");
        Assert.Equal(orders, await stores.CountAsync(stores.Kitchen, Kitchen("tickets")));
        Assert.Equal(orders * 3, await stores.CountAsync(stores.Kitchen, Kitchen("cdc_mirror")));
        // The tickets of the first run were not written again (an upsert that changed them would bump the version).
        Assert.Equal(0, await stores.ScalarAsync<long>(stores.Kitchen, $"SELECT count(*) FROM {Kitchen("tickets")} WHERE version <> 1"));
    }

    /// <summary>Reports on the caller's thread (Progress&lt;T&gt; posts to the thread pool, too late to stop at a given batch).</summary>
    private sealed class SyncProgress(Action<BackfillProgress> report) : IProgress<BackfillProgress>
    {
        public void Report(BackfillProgress value) => report(value);
    }
}
