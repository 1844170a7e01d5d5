using Ftgo.Glue.Acl;
using Ftgo.Migration.Tests.Infrastructure;

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

        // Kitchen accepts and starts preparing on its side; its TicketAccepted reaches the monolith later.
        var readyBy = LegacyWriter.Base.AddHours(1);
        await using (var kitchen = await stores.OpenAsync(stores.Kitchen))
        {
            await using var accept = kitchen.CreateCommand();
            accept.CommandText = Tables(stores,
                "UPDATE {k}tickets SET state = 'PREPARING', ready_by = @rb, accept_time = @at, preparing_time = @pt, version = version + 2 WHERE id = @id");
            Add(accept, "@rb", readyBy);
            Add(accept, "@at", LegacyWriter.Base);
            Add(accept, "@pt", LegacyWriter.Base.AddMinutes(1));
            Add(accept, "@id", order);
            Assert.Equal(1, await accept.ExecuteNonQueryAsync());
        }
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
        await Eventually.Until(async () =>
            await cdc.DeliveryAsync<string>("SELECT state FROM {d}deliveries WHERE id = @id", ("@id", order)) == "SCHEDULED"
            && await cdc.DeliveryAsync<long>("SELECT assigned_courier_id FROM {d}deliveries WHERE id = @id", ("@id", order)) == courier,
            CdcScenario.Timeout, "the kitchen's change to reach Delivery through the legacy tables");

        // …and is not echoed back onto Kitchen, which has moved on.
        Assert.Equal("PREPARING", await cdc.KitchenAsync<string>("SELECT state FROM {k}tickets WHERE id = @id", ("@id", order)));
        Assert.Equal(kitchenVersion, await cdc.KitchenAsync<long>("SELECT version FROM {k}tickets WHERE id = @id", ("@id", order)));

        // Nothing the applier wrote came back as a change: after a last monolith write, exactly the
        // changes made here (restaurant, courier, order, 2 lines, the glue's update, this one) crossed.
        await legacy.ExecuteAsync("UPDATE {t}restaurants SET name = 'Sentinel' WHERE id = @id", ("@id", restaurant));
        await Eventually.Until(async () => await cdc.DeliveryAsync<string>("SELECT name FROM {d}restaurants WHERE id = @id", ("@id", restaurant)) == "Sentinel",
            CdcScenario.Timeout, "the sentinel change");
        Assert.Equal(7, cdc.Statistics.Records);
        if (engine == Engine.Sqlite)
        {
            Assert.Equal(0, await stores.CountAsync(stores.Legacy, "ftgo_cdc_context"));
        }
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

    private static string Tables(TestStores stores, string sql) => sql.Replace("{k}", stores.Engine == Engine.Postgres ? "kitchen." : "kitchen_");

    private static void Add(System.Data.Common.DbCommand command, string name, object value)
    {
        var p = command.CreateParameter();
        p.ParameterName = name;
        p.Value = value;
        command.Parameters.Add(p);
    }
}
