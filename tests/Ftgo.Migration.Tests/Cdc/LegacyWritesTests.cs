using Ftgo.Glue.Acl;
using Ftgo.Migration.Running;
using Ftgo.Migration.Tests.Infrastructure;

namespace Ftgo.Migration.Tests.Cdc;

/// <summary>
/// The decommission check's CDC half: the applier counts the monolith's own writes to the data a group owns
/// (<see cref="GroupTables"/>), per table, with the last one's time; a glue handler's write for the sync is not counted.
/// </summary>
public sealed class LegacyWritesTests
{
    [Theory]
    [InlineData(Engine.Postgres)]
    [InlineData(Engine.Sqlite)]
    public async Task MonolithsOwnWrite_ToAGroupsData_IsCountedPerTable_AndTheGluesWriteIsNot(Engine engine)
    {
        await using var stores = await TestStores.CreateAsync(engine);
        var settings = stores.Settings();
        await using var cdc = await CdcScenario.StartAsync(stores, settings);
        var since = DateTimeOffset.UtcNow.AddMinutes(-1);
        var legacy = cdc.Legacy;
        var restaurant = await legacy.InsertRestaurantAsync();
        var courier = await legacy.InsertCourierAsync(); // the monolith registering a courier: its own write to Delivery's table
        var order = await legacy.InsertOrderAsync(restaurant, lines: 1); // sets none of Delivery's columns of orders

        // Kitchen's accept with the courier reaches the monolith through the glue: the sync's write, not the monolith's own.
        await legacy.ExecuteAsNewSideAsync(SyncOrigin.Kitchen,
            "UPDATE {t}orders SET order_state = 'ACCEPTED', ready_by = @rb, accept_time = @at, assigned_courier_id = @c, version = version + 1 WHERE id = @id",
            ("@rb", LegacyWriter.Base.AddHours(1)), ("@at", LegacyWriter.Base), ("@c", courier), ("@id", order));
        await Eventually.UntilAsync(async () =>
            await cdc.DeliveryAsync<string>("SELECT state FROM {d}deliveries WHERE id = @id", ("@id", order)) == "SCHEDULED",
            "the glue's accept to reach Delivery", CdcScenario.Timeout);
        var quiet = await LegacyWritesProbe.ReadAsync(settings, SyncOrigin.Delivery, "delivery", since, default);
        Assert.Equal([("orders", 0L), ("couriers", 1L), ("courier_actions", 0L)], quiet.Select(w => (w.Table.Table, w.Writes)).ToArray());

        // The monolith's own code marks the order picked up: Delivery's column, written by legacy.
        await legacy.ExecuteAsync("UPDATE {t}orders SET order_state = 'PICKED_UP', picked_up_time = @at, version = version + 1 WHERE id = @id",
            ("@at", LegacyWriter.Base.AddMinutes(30)), ("@id", order));

        var seen = await Eventually.UntilAsync(() => LegacyWritesProbe.ReadAsync(settings, SyncOrigin.Delivery, "delivery", since, default),
            w => w[0].Writes > 0, "CDC to count the monolith's write to orders", CdcScenario.Timeout);
        Assert.Equal(("orders", 1L), (seen[0].Table.Table, seen[0].Writes));
        Assert.Equal("orders (assigned_courier_id, picked_up_time, delivered_time)", seen[0].Table.Describe());
        Assert.NotNull(seen[0].LastAt);
        Assert.True(seen[0].LastAt >= since, $"last at {seen[0].LastAt}");
        // A window that starts after them sees none.
        Assert.All(await LegacyWritesProbe.ReadAsync(settings, SyncOrigin.Delivery, "delivery", DateTimeOffset.UtcNow.AddSeconds(5), default),
            w => Assert.Equal(0, w.Writes));
    }
}
