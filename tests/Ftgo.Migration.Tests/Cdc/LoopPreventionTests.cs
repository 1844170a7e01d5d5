using Ftgo.Glue.Acl;
using Ftgo.Migration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Migration.Tests.Cdc;

/// <summary>
/// A change crosses once between legacy and new and never comes back: a glue handler's write to
/// the legacy tables (declared with <see cref="SyncOrigin"/>) reaches the other side but is not
/// echoed onto the side it came from, and the applier's own writes produce no new change.
/// </summary>
public sealed class LoopPreventionTests
{
    [Theory]
    [InlineData(Engine.Postgres)]
    [InlineData(Engine.Sqlite)]
    public async Task NewSideChange_AppliedToLegacy_CrossesToTheOtherSideOnly_AndNeverLoops(Engine engine)
    {
        await using var stores = await TestStores.CreateAsync(engine);
        await using var cdc = await CdcScenario.StartAsync(stores, stores.Settings());
        var legacy = cdc.Legacy;
        var restaurant = await legacy.InsertRestaurantAsync();
        var courier = await legacy.InsertCourierAsync();
        var order = await legacy.InsertOrderAsync(restaurant, lines: 2);
        await cdc.SettledAsync("the order on both sides",
            async () => await cdc.KitchenAsync<long>("SELECT count(*) FROM {k}tickets WHERE id = @id", ("@id", order)) == 1);

        // CDC's rows carry origin legacy.
        Assert.Equal(SyncOrigin.Legacy, await cdc.KitchenAsync<string>("SELECT origin FROM {k}tickets WHERE id = @id", ("@id", order)));
        Assert.Equal(2, await cdc.KitchenAsync<long>("SELECT count(*) FROM {k}ticket_line_items WHERE ticket_id = @id AND origin = 'legacy'", ("@id", order)));
        Assert.Equal(SyncOrigin.Legacy, await cdc.DeliveryAsync<string>("SELECT origin FROM {d}deliveries WHERE id = @id", ("@id", order)));

        // Kitchen accepts and starts preparing on its side, through its own context; its TicketAccepted reaches the monolith later.
        var readyBy = LegacyWriter.Base.AddHours(1);
        await using (var kitchen = stores.KitchenContext())
        {
            var ticket = await kitchen.Tickets.SingleAsync(t => t.Id == order);
            ticket.Accept(readyBy, LegacyWriter.Base);
            ticket.Preparing(LegacyWriter.Base.AddMinutes(1));
            await kitchen.SaveChangesAsync();
        }
        Assert.Equal(SyncOrigin.Kitchen, await cdc.KitchenAsync<string>("SELECT origin FROM {k}tickets WHERE id = @id", ("@id", order)));
        // Lines Kitchen did not touch keep the origin of their last writer.
        Assert.Equal(2, await cdc.KitchenAsync<long>("SELECT count(*) FROM {k}ticket_line_items WHERE ticket_id = @id AND origin = 'legacy'", ("@id", order)));
        var kitchenVersion = await cdc.KitchenAsync<long>("SELECT version FROM {k}tickets WHERE id = @id", ("@id", order));

        // The glue handler applies TicketAccepted (and the delivery's courier) to the legacy order, as Kitchen's write.
        await legacy.ExecuteAsNewSideAsync(SyncOrigin.Kitchen,
            "UPDATE {t}orders SET order_state = 'ACCEPTED', ready_by = @rb, accept_time = @at, assigned_courier_id = @c, version = version + 1 WHERE id = @id",
            ("@rb", readyBy), ("@at", LegacyWriter.Base), ("@c", courier), ("@id", order));
        if (engine == Engine.Postgres)
        {
            Assert.Equal("kitchen", await stores.ScalarAsync<string>(stores.Legacy, "SELECT origin FROM ftgo.orders WHERE id = @id", ("@id", order)));
        }

        // It crosses to Delivery, which did not make it…
        await Eventually.UntilAsync(async () =>
            await cdc.DeliveryAsync<string>("SELECT state FROM {d}deliveries WHERE id = @id", ("@id", order)) == "SCHEDULED"
            && await cdc.DeliveryAsync<long>("SELECT assigned_courier_id FROM {d}deliveries WHERE id = @id", ("@id", order)) == courier,
            "the kitchen's change to reach Delivery through the legacy tables", CdcScenario.Timeout);

        // …and is not echoed back onto Kitchen, which has moved on.
        Assert.Equal("PREPARING", await cdc.KitchenAsync<string>("SELECT state FROM {k}tickets WHERE id = @id", ("@id", order)));
        Assert.Equal(kitchenVersion, await cdc.KitchenAsync<long>("SELECT version FROM {k}tickets WHERE id = @id", ("@id", order)));
        Assert.Equal(SyncOrigin.Kitchen, await cdc.KitchenAsync<string>("SELECT origin FROM {k}tickets WHERE id = @id", ("@id", order)));
        Assert.Equal(SyncOrigin.Legacy, await cdc.DeliveryAsync<string>("SELECT origin FROM {d}deliveries WHERE id = @id", ("@id", order)));

        // Nothing the applier wrote came back as a change: after a last monolith write, exactly the
        // changes made here (restaurant, courier, order, 2 lines, the glue's update, this one) crossed.
        await legacy.ExecuteAsync("UPDATE {t}restaurants SET name = 'Sentinel' WHERE id = @id", ("@id", restaurant));
        await Eventually.UntilAsync(async () => await cdc.DeliveryAsync<string>("SELECT name FROM {d}restaurants WHERE id = @id", ("@id", restaurant)) == "Sentinel",
            "the sentinel change", CdcScenario.Timeout);
        // The pump counts a batch once every target committed it and the source is acknowledged: after Delivery's row shows.
        await Eventually.UntilAsync(() => Task.FromResult(cdc.Statistics.Records), n => n >= 7, "the sentinel's batch to be counted", CdcScenario.Timeout);
        Assert.Equal(7, cdc.Statistics.Records);
        if (engine == Engine.Sqlite)
        {
            Assert.Equal(0, await stores.CountAsync(stores.Legacy, "ftgo_cdc_context"));
        }
    }

    [Theory]
    [InlineData(Engine.Postgres)]
    [InlineData(Engine.Sqlite)]
    public async Task DeliveryChange_CrossesToLegacyOnce_IsNotBroughtBack_AndALaterLegacyChangeCrossesAsLegacy(Engine engine)
    {
        await using var stores = await TestStores.CreateAsync(engine);
        await using var cdc = await CdcScenario.StartAsync(stores, stores.Settings());
        var legacy = cdc.Legacy;
        var courier = await legacy.InsertCourierAsync();
        await cdc.SettledAsync("the courier in Delivery",
            async () => await cdc.DeliveryAsync<string>("SELECT origin FROM {d}couriers WHERE id = @id", ("@id", courier)) == SyncOrigin.Legacy);
        var available = await cdc.DeliveryAsync<bool>("SELECT available FROM {d}couriers WHERE id = @id", ("@id", courier));

        // Delivery changes the courier's availability through its own context…
        await using (var delivery = stores.DeliveryContext())
        {
            var row = await delivery.Couriers.SingleAsync(c => c.Id == courier);
            Assert.True(row.SetAvailable(!available));
            await delivery.SaveChangesAsync();
        }
        Assert.Equal(SyncOrigin.Delivery, await cdc.DeliveryAsync<string>("SELECT origin FROM {d}couriers WHERE id = @id", ("@id", courier)));
        var deliveryVersion = await cdc.DeliveryAsync<long>("SELECT version FROM {d}couriers WHERE id = @id", ("@id", courier));
        var before = cdc.Statistics.Records;

        // …its CourierAvailabilityChanged is applied to legacy as Delivery's write (once)…
        await legacy.ExecuteAsNewSideAsync(SyncOrigin.Delivery, "UPDATE {t}couriers SET available = @a WHERE id = @id", ("@a", !available), ("@id", courier));
        await Eventually.UntilAsync(() => Task.FromResult(cdc.Statistics.Records > before), "CDC to read the glue handler's legacy write", CdcScenario.Timeout);
        cdc.ThrowIfFailed();

        // …and CDC does not bring it back: Delivery's row is still Delivery's, not re-written.
        Assert.Equal(SyncOrigin.Delivery, await cdc.DeliveryAsync<string>("SELECT origin FROM {d}couriers WHERE id = @id", ("@id", courier)));
        Assert.Equal(deliveryVersion, await cdc.DeliveryAsync<long>("SELECT version FROM {d}couriers WHERE id = @id", ("@id", courier)));

        // A later change made in the monolith crosses as legacy.
        await legacy.ExecuteAsync("UPDATE {t}couriers SET first_name = 'Renamed' WHERE id = @id", ("@id", courier));
        await cdc.SettledAsync("the monolith's rename in Delivery",
            async () => await cdc.DeliveryAsync<string>("SELECT first_name FROM {d}couriers WHERE id = @id", ("@id", courier)) == "Renamed");
        Assert.Equal(SyncOrigin.Legacy, await cdc.DeliveryAsync<string>("SELECT origin FROM {d}couriers WHERE id = @id", ("@id", courier)));
        Assert.Equal(deliveryVersion + 1, await cdc.DeliveryAsync<long>("SELECT version FROM {d}couriers WHERE id = @id", ("@id", courier)));
        Assert.Equal(!available, await cdc.DeliveryAsync<bool>("SELECT available FROM {d}couriers WHERE id = @id", ("@id", courier)));
    }

    [Fact]
    public async Task Postgres_OriginIsStampedPerTransaction_AndResetByTheMonolithsNextWrite()
    {
        await using var stores = await TestStores.CreateAsync(Engine.Postgres);
        await Migration.Sources.Postgres.PostgresCdcSetup.EnsureAsync(stores.PostgresOptions, CancellationToken.None);
        var legacy = new LegacyWriter(stores);
        var courier = await legacy.InsertCourierAsync();
        Task<string?> Origin() => stores.ScalarAsync<string?>(stores.Legacy, "SELECT origin FROM ftgo.couriers WHERE id = @id", ("@id", courier));

        Assert.Null(await Origin());
        await legacy.ExecuteAsNewSideAsync(SyncOrigin.Delivery, "UPDATE {t}couriers SET available = false WHERE id = @id", ("@id", courier));
        Assert.Equal("delivery", await Origin());
        await legacy.ExecuteAsync("UPDATE {t}couriers SET available = true WHERE id = @id", ("@id", courier));
        Assert.Null(await Origin());
        await using var connection = await stores.OpenAsync(stores.Legacy);
        await Assert.ThrowsAsync<ArgumentException>(() => SyncOrigin.DeclareAsync(connection, null, "legacy"));
    }
}
