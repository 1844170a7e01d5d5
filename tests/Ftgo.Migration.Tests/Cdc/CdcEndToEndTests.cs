using Ftgo.Migration.Running;
using Ftgo.Migration.Tests.Infrastructure;
using Ftgo.Migration.Transport.Kafka;

namespace Ftgo.Migration.Tests.Cdc;

/// <summary>
/// Insert, update and delete of every synced legacy table reach the new schemas correctly — on
/// PostgreSQL (pgoutput) and SQLite (triggers), in process and through Kafka (the mock cluster).
/// </summary>
public sealed class CdcEndToEndTests(KafkaMockBroker broker) : IClassFixture<KafkaMockBroker>
{
    [Theory]
    [InlineData(Engine.Postgres, CdcSettings.InProcess)]
    [InlineData(Engine.Postgres, CdcSettings.Kafka)]
    [InlineData(Engine.Sqlite, CdcSettings.InProcess)]
    [InlineData(Engine.Sqlite, CdcSettings.Kafka)]
    public async Task InsertUpdateDelete_OfEverySyncedTable_ReachTheNewSchemas(Engine engine, string transport)
    {
        await using var stores = await TestStores.CreateAsync(engine);
        var prefix = transport == CdcSettings.Kafka ? await broker.NewPrefixAsync() : null;
        await using var cdc = await CdcScenario.StartAsync(stores, stores.Settings(transport, broker.BootstrapServers, prefix));
        var legacy = cdc.Legacy;

        // Inserts of every table.
        var restaurant = await legacy.InsertRestaurantAsync("Ajanta");
        var gone = await legacy.InsertRestaurantAsync("Closing soon");
        var courier = await legacy.InsertCourierAsync("Cy");
        var leaving = await legacy.InsertCourierAsync("Leaving");
        var order = await legacy.InsertOrderAsync(restaurant, lines: 2);
        var cancelled = await legacy.InsertOrderAsync(restaurant, lines: 1);
        await cdc.SettledAsync("inserts", async () =>
            await cdc.KitchenAsync<string>("SELECT state FROM {k}tickets WHERE id = @id", ("@id", order)) == "AWAITING_ACCEPTANCE"
            && await cdc.KitchenAsync<long>("SELECT count(*) FROM {k}ticket_line_items WHERE ticket_id = @id", ("@id", order)) == 2
            && await cdc.DeliveryAsync<string>("SELECT state FROM {d}deliveries WHERE id = @id", ("@id", order)) == "PENDING"
            && await cdc.DeliveryAsync<string>("SELECT pickup_street1 FROM {d}deliveries WHERE id = @id", ("@id", order)) == "1 Main St"
            && await cdc.DeliveryAsync<long>("SELECT count(*) FROM {d}couriers") == 2
            && await cdc.DeliveryAsync<long>("SELECT count(*) FROM {d}restaurants") == 2);

        // Updates of every table (and inserts of courier actions).
        await legacy.AcceptAsync(order, courier);
        await legacy.SetStateAsync(order, "PREPARING", "preparing_time");
        await legacy.ExecuteAsync("UPDATE {t}order_line_items SET quantity = 9 WHERE order_id = @o AND menu_item_id = '1'", ("@o", order));
        await legacy.ExecuteAsync("UPDATE {t}couriers SET available = @a WHERE id = @id", ("@a", false), ("@id", courier));
        await legacy.ExecuteAsync("UPDATE {t}restaurants SET name = 'Ajanta Palace', street1 = '2 Main St' WHERE id = @id", ("@id", restaurant));
        await legacy.ExecuteAsync("UPDATE {t}courier_actions SET time = @t WHERE order_id = @o AND type = 'DROPOFF'",
            ("@t", LegacyWriter.Base.AddHours(2)), ("@o", order));
        await legacy.SetStateAsync(cancelled, "CANCELLED", "delivered_time");
        await cdc.SettledAsync("updates", async () =>
            await cdc.KitchenAsync<string>("SELECT state FROM {k}tickets WHERE id = @id", ("@id", order)) == "PREPARING"
            && await cdc.KitchenAsync<long>("SELECT quantity FROM {k}ticket_line_items WHERE ticket_id = @id AND menu_item_id = '1'", ("@id", order)) == 9
            && await cdc.DeliveryAsync<string>("SELECT state FROM {d}deliveries WHERE id = @id", ("@id", order)) == "SCHEDULED"
            && await cdc.DeliveryAsync<long>("SELECT assigned_courier_id FROM {d}deliveries WHERE id = @id", ("@id", order)) == courier
            && await cdc.DeliveryAsync<string>("SELECT pickup_street1 FROM {d}deliveries WHERE id = @id", ("@id", order)) == "2 Main St"
            && await cdc.DeliveryAsync<long>("SELECT count(*) FROM {d}courier_actions WHERE courier_id = @c", ("@c", courier)) == 2
            && await cdc.DeliveryAsync<string>("SELECT name FROM {d}restaurants WHERE id = @id", ("@id", restaurant)) == "Ajanta Palace"
            && await cdc.DeliveryAsync<long>("SELECT count(*) FROM {d}couriers WHERE id = @id AND available = @a", ("@id", courier), ("@a", false)) == 1
            && await cdc.DeliveryAsync<string>("SELECT state FROM {d}deliveries WHERE id = @id", ("@id", cancelled)) == "CANCELLED");

        // Deletes of every table.
        await legacy.ExecuteAsync("DELETE FROM {t}order_line_items WHERE order_id = @o AND menu_item_id = '2'", ("@o", order));
        await legacy.ExecuteAsync("DELETE FROM {t}courier_actions WHERE order_id = @o AND type = 'DROPOFF'", ("@o", order));
        await legacy.ExecuteAsync("DELETE FROM {t}orders WHERE id = @id", ("@id", cancelled));
        await legacy.ExecuteAsync("DELETE FROM {t}couriers WHERE id = @id", ("@id", leaving));
        await legacy.ExecuteAsync("DELETE FROM {t}restaurants WHERE id = @id", ("@id", gone));
        await cdc.SettledAsync("deletes", async () =>
            await cdc.KitchenAsync<long>("SELECT count(*) FROM {k}ticket_line_items WHERE ticket_id = @id", ("@id", order)) == 1
            && await cdc.KitchenAsync<long>("SELECT count(*) FROM {k}tickets WHERE id = @id", ("@id", cancelled)) == 0
            && await cdc.KitchenAsync<long>("SELECT count(*) FROM {k}ticket_line_items WHERE ticket_id = @id", ("@id", cancelled)) == 0
            && await cdc.DeliveryAsync<long>("SELECT count(*) FROM {d}deliveries WHERE id = @id", ("@id", cancelled)) == 0
            && await cdc.DeliveryAsync<long>("SELECT count(*) FROM {d}courier_actions WHERE courier_id = @c", ("@c", courier)) == 1
            && await cdc.DeliveryAsync<long>("SELECT count(*) FROM {d}couriers WHERE id = @id", ("@id", leaving)) == 0
            && await cdc.DeliveryAsync<long>("SELECT count(*) FROM {d}restaurants WHERE id = @id", ("@id", gone)) == 0);

        Assert.Equal(0, await cdc.KitchenAsync<long>("SELECT count(*) FROM {k}cdc_dead_letters"));
        if (transport == CdcSettings.Kafka)
        {
            // The applier's consumer lag: nothing left once it has applied and committed everything; a group that
            // never consumed lags by every record of every partition.
            var options = cdc.Settings.KafkaOptions;
            var applied = await Eventually.UntilAsync(() => KafkaConsumerLag.ReadAsync(options, default),
                p => p.Count > 0 && p.Sum(x => x.Lag) == 0, "the applier's consumer lag to reach 0");
            var never = await KafkaConsumerLag.ReadAsync(options with { GroupId = "never-consumed-" + Guid.NewGuid().ToString("N") }, default);
            Assert.True(never.Sum(p => p.Lag) > 0);
            Assert.Equal(applied.Sum(p => p.End), never.Sum(p => p.Lag));
        }
        Assert.Equal("legacy", await cdc.KitchenAsync<string>("SELECT origin FROM {k}cdc_mirror WHERE source_table = 'orders' AND pk = @pk", ("@pk", order.ToString()))
            ?? "legacy");
    }
}
