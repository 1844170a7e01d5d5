using System.Text;
using Confluent.Kafka;
using Ftgo.Migration.Catalog;
using Ftgo.Migration.Cdc;
using Ftgo.Migration.Envelope;
using Ftgo.Migration.Running;
using Ftgo.Migration.Tests.Infrastructure;
using Ftgo.Migration.Transport.Kafka;

namespace Ftgo.Migration.Tests.Cdc;

/// <summary>A malformed event, or one for an unknown table, goes to the dead letters with its reason; the stream goes on.</summary>
public sealed class DeadLetterTests(KafkaMockBroker broker) : IClassFixture<KafkaMockBroker>
{
    [Fact]
    public async Task KafkaDebezium_MalformedEventAndUnknownTable_AreDeadLettered_AndLaterEventsApplied()
    {
        await using var stores = await TestStores.CreateAsync(Engine.Postgres);
        var prefix = await broker.NewPrefixAsync("ftgo.consumers");
        await using var cdc = await CdcScenario.StartAsync(stores,
            stores.Settings(CdcSettings.Kafka, broker.BootstrapServers, prefix, source: CdcSettings.KafkaDebezium));

        KafkaNative.EnsureLoaded();
        using (var raw = new ProducerBuilder<byte[], byte[]>(new ProducerConfig { BootstrapServers = broker.BootstrapServers }).Build())
        {
            await raw.ProduceAsync($"{prefix}.ftgo.orders", new Message<byte[], byte[]> { Key = "{\"id\":1}"u8.ToArray(), Value = "{not json"u8.ToArray() });
        }
        var consumers = new TableSchema("ftgo", "consumers", [new("id", ColumnType.Int64), new("first_name", ColumnType.String), new("last_name", ColumnType.String)], ["id"]);
        using var publisher = new KafkaChangePublisher(stores.Settings(CdcSettings.Kafka, broker.BootstrapServers, prefix).KafkaOptions);
        await publisher.WriteAsync(
        [
            Record(consumers, new RowImage().Set("id", 5L).Set("first_name", "John").Set("last_name", "Doe"), 100),
            Record(LegacyCatalog.Restaurants, new RowImage().Set("id", 3L).Set("name", "Ajanta").Set("city", "Oakland").Set("state", "CA")
                .Set("street1", "1 Main St").Set("street2", null).Set("zip", "94611"), 101),
            Record(LegacyCatalog.Orders, Order(900), 102),
            Record(LegacyCatalog.OrderLineItems, new RowImage().Set("id", 1L).Set("order_id", 900L).Set("menu_item_id", "1")
                .Set("name", "Chicken Vindaloo").Set("price", 12.34m).Set("quantity", 5), 103),
        ], CancellationToken.None);

        await Eventually.UntilAsync(async () =>
            await cdc.KitchenAsync<long>("SELECT count(*) FROM {k}ticket_line_items WHERE ticket_id = 900") == 1
            && await cdc.KitchenAsync<long>("SELECT count(*) FROM {k}cdc_dead_letters") == 2
            // The restaurant and the order travel on different topics: the delivery's pickup address
            // appears once both are in, whichever came first.
            && await cdc.DeliveryAsync<string>("SELECT pickup_street1 FROM {d}deliveries WHERE id = 900") == "1 Main St",
            "the valid events applied after two dead letters", CdcScenario.Timeout);

        Assert.Equal("AWAITING_ACCEPTANCE", await cdc.KitchenAsync<string>("SELECT state FROM {k}tickets WHERE id = 900"));
        var malformed = await cdc.KitchenAsync<string>("SELECT reason FROM {k}cdc_dead_letters WHERE payload = '{not json'");
        Assert.Contains("not JSON", malformed);
        Assert.Contains($"{prefix}.ftgo.orders@0", malformed);
        var unknown = await cdc.KitchenAsync<string>("SELECT reason FROM {k}cdc_dead_letters WHERE stream = @s", ("@s", KafkaDebeziumSource.Stream($"{prefix}.ftgo.consumers", 0)));
        Assert.StartsWith("unknown table ftgo.consumers", unknown);
        Assert.Equal(2, await cdc.DeliveryAsync<long>("SELECT count(*) FROM {d}cdc_dead_letters"));
    }

    [Fact]
    public async Task SqliteTriggers_UnreadableChangeRow_IsDeadLettered_AndLaterChangesApplied()
    {
        await using var stores = await TestStores.CreateAsync(Engine.Sqlite);
        await using var cdc = await CdcScenario.StartAsync(stores, stores.Settings());
        var restaurant = await cdc.Legacy.InsertRestaurantAsync();
        await cdc.Legacy.ExecuteAsync("INSERT INTO ftgo_cdc_changes (table_name, op, before_row, after_row, origin, ts_ms) VALUES ('orders', 'c', NULL, '{broken', NULL, 0)");
        var order = await cdc.Legacy.InsertOrderAsync(restaurant);

        await Eventually.UntilAsync(async () =>
            await cdc.KitchenAsync<long>("SELECT count(*) FROM {k}tickets WHERE id = @id", ("@id", order)) == 1
            && await cdc.KitchenAsync<long>("SELECT count(*) FROM {k}cdc_dead_letters") == 1,
            "the order applied after the dead letter", CdcScenario.Timeout);

        Assert.Contains("change-table row", await cdc.KitchenAsync<string>("SELECT reason FROM {k}cdc_dead_letters"));
        Assert.Equal("{broken", await cdc.KitchenAsync<string>("SELECT payload FROM {k}cdc_dead_letters"));
        await cdc.SettledAsync("verify clean around the dead letter");
    }

    [Fact]
    public async Task SqliteTriggersThroughKafka_UnreadableChangeRow_GoesToTheDeadLetterTopic_AndLaterChangesApplied()
    {
        await using var stores = await TestStores.CreateAsync(Engine.Sqlite);
        var prefix = await broker.NewPrefixAsync();
        await using var cdc = await CdcScenario.StartAsync(stores, stores.Settings(CdcSettings.Kafka, broker.BootstrapServers, prefix));
        var restaurant = await cdc.Legacy.InsertRestaurantAsync();
        await cdc.Legacy.ExecuteAsync("INSERT INTO ftgo_cdc_changes (table_name, op, before_row, after_row, origin, ts_ms) VALUES ('orders', 'c', NULL, '{broken', NULL, 0)");
        var order = await cdc.Legacy.InsertOrderAsync(restaurant);

        await cdc.SettledAsync("the order applied after the unreadable change",
            async () => await cdc.KitchenAsync<long>("SELECT count(*) FROM {k}tickets WHERE id = @id", ("@id", order)) == 1);

        KafkaNative.EnsureLoaded();
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = broker.BootstrapServers, GroupId = prefix + "-dead-letters", AutoOffsetReset = AutoOffsetReset.Earliest,
        }).Build();
        consumer.Subscribe(KafkaChangePublisher.DeadLetterTopic(prefix));
        var letter = await Eventually.UntilAsync(() => Task.FromResult(consumer.Consume(TimeSpan.FromMilliseconds(200))), r => r is not null,
            "the dead letter on its topic", CdcScenario.Timeout);
        consumer.Close();

        Assert.Equal("{broken", Encoding.UTF8.GetString(letter!.Message.Value));
        Assert.Contains("change-table row", Encoding.UTF8.GetString(letter.Message.Headers.GetLastBytes("ftgo-dead-letter-reason")));
    }

    private static RowImage Order(long id) => new RowImage()
        .Set("id", id).Set("version", 1).Set("order_state", "APPROVED").Set("consumer_id", 5L).Set("restaurant_id", 3L)
        .Set("payment_token", null).Set("order_minimum", 10m).Set("delivery_time", new DateTime(2030, 1, 1, 19, 0, 0))
        .Set("ready_by", null).Set("accept_time", null).Set("preparing_time", null).Set("ready_for_pickup_time", null)
        .Set("picked_up_time", null).Set("delivered_time", null).Set("assigned_courier_id", null)
        .Set("city", "Oakland").Set("state", "CA").Set("street1", "9 Elm St").Set("street2", null).Set("zip", "94611");

    private static SourceRecord Record(TableSchema table, RowImage row, long lsn) =>
        new("test", lsn, new ChangeEvent(ChangeOperation.Create, table, null, row, new SourceInfo
        {
            Connector = "postgresql", Name = "legacy", Db = "ftgo", Schema = table.Schema, Table = table.Table, Lsn = lsn, CommitLsn = lsn, TsMs = 1,
        }, 1));
}
