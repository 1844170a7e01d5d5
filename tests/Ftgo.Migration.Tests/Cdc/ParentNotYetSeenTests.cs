using Confluent.Kafka;
using Ftgo.Glue.Acl;
using Ftgo.Kitchen.Tickets;
using Ftgo.Migration.Applying;
using Ftgo.Migration.Backfill;
using Ftgo.Migration.Catalog;
using Ftgo.Migration.Cdc;
using Ftgo.Migration.Envelope;
using Ftgo.Migration.Running;
using Ftgo.Migration.Sources.Postgres;
using Ftgo.Migration.Sources.Sqlite;
using Ftgo.Migration.Tests.Infrastructure;
using Ftgo.Migration.Transport.Kafka;
using Ftgo.Migration.Verification;

namespace Ftgo.Migration.Tests.Cdc;

/// <summary>
/// A child's change applied before its parent's — across Kafka topics (one per table) it happens,
/// and on the single ordered streams when CDC carries a change of a row whose parent the backfill
/// has not copied yet — leaves the aggregate alone until the parent arrives: it is not taken for a
/// deleted parent. Seen before the fix: an order line applied ahead of its order deleted the ticket
/// Kitchen had created and accepted, which then came back from the order's older image as a fresh
/// AWAITING_ACCEPTANCE ticket that Kitchen refused every later command on. A parent legacy really
/// deleted (a <c>d</c> change) still takes its aggregate with it.
/// </summary>
public sealed class ParentNotYetSeenTests(KafkaMockBroker broker) : IClassFixture<KafkaMockBroker>
{
    private static readonly DateTime Accepted = LegacyWriter.Base;
    private static readonly DateTime ReadyBy = LegacyWriter.Base.AddHours(1);

    [Theory]
    [InlineData(Engine.Postgres)]
    [InlineData(Engine.Sqlite)]
    public async Task OverKafka_ALineAppliedBeforeItsOrder_KeepsTheTicketKitchenMoved_AndTheOrderThenProjectsWhole(Engine engine)
    {
        await using var stores = await TestStores.CreateAsync(engine);
        var prefix = await broker.NewPrefixAsync();
        var settings = stores.Settings(CdcSettings.Kafka, broker.BootstrapServers, prefix);
        await CdcRunner.PrepareSourceAsync(settings, CancellationToken.None);
        var legacy = new LegacyWriter(stores);
        var restaurant = await legacy.InsertRestaurantAsync();

        // The kitchen group is live: an order placed in legacy, Kitchen creates its ticket from
        // OrderCreated and accepts it; TicketAccepted reaches legacy (origin kitchen).
        var order = await legacy.InsertOrderAsync(restaurant, lines: 2);
        await using (var kitchen = stores.KitchenContext())
        {
            var ticket = Ticket.Create(order, restaurant, [new TicketLineItem("1", "Dish 1", 1), new TicketLineItem("2", "Dish 2", 2)]);
            ticket.Accept(ReadyBy, Accepted);
            kitchen.Tickets.Add(ticket);
            await kitchen.SaveChangesAsync();
        }
        await legacy.ExecuteAsNewSideAsync(SyncOrigin.Kitchen,
            "UPDATE {t}orders SET order_state = 'ACCEPTED', ready_by = @rb, accept_time = @at, version = version + 1 WHERE id = @id",
            ("@rb", ReadyBy), ("@at", Accepted), ("@id", order));
        // And an order of the legacy side, accepted by the monolith with a new courier: that courier's
        // actions will be applied before the courier itself.
        var courier = await legacy.InsertCourierAsync();
        var other = await legacy.InsertOrderAsync(restaurant, lines: 1);
        await legacy.AcceptAsync(other, courier);
        var version = await KitchenAsync<long>(stores, "SELECT version FROM {k}tickets WHERE id = @id", ("@id", order));

        // Capture → Kafka (pgoutput or triggers, Debezium JSON, one topic per table); then each topic is
        // applied on its own, children first — an order Kafka's consumer can deliver them in.
        await PublishCapturedAsync(settings, expected: 11);
        var applier = new ChangeApplier(settings.Targets);
        await applier.WriteAsync(ReadTopic(prefix, "restaurants"), CancellationToken.None);
        await applier.WriteAsync(ReadTopic(prefix, "order_line_items"), CancellationToken.None);
        await applier.WriteAsync(ReadTopic(prefix, "courier_actions"), CancellationToken.None);

        Assert.Equal(("ACCEPTED", version, SyncOrigin.Kitchen), await TicketAsync(stores, order));
        Assert.Equal(2, await KitchenAsync<long>(stores, "SELECT count(*) FROM {k}ticket_line_items WHERE ticket_id = @id", ("@id", order)));
        Assert.Equal(0, await KitchenAsync<long>(stores, "SELECT count(*) FROM {k}tickets WHERE id = @id", ("@id", other)));
        Assert.Equal(0, await DeliveryAsync<long>(stores, "SELECT count(*) FROM {d}couriers WHERE id = @id", ("@id", courier)));
        Assert.Equal(0, await DeliveryAsync<long>(stores, "SELECT count(*) FROM {d}courier_actions"));

        await applier.WriteAsync(ReadTopic(prefix, "orders"), CancellationToken.None);
        await applier.WriteAsync(ReadTopic(prefix, "couriers"), CancellationToken.None);

        // The order's images merge forward only into Kitchen's ticket: nothing moved, nothing written.
        Assert.Equal(("ACCEPTED", version, SyncOrigin.Kitchen), await TicketAsync(stores, order));
        Assert.Equal("ACCEPTED", (await TicketAsync(stores, other)).State);
        Assert.Equal(2, await DeliveryAsync<long>(stores, "SELECT count(*) FROM {d}courier_actions WHERE courier_id = @c AND delivery_id = @o",
            ("@c", courier), ("@o", other)));
        var report = await Verifier.RunAsync(settings, "all", 500, CancellationToken.None);
        Assert.True(report.Clean, string.Join("; ", report.Kinds.Where(k => !k.Clean).Select(k => $"{k.Kind}: {string.Join(" ", k.DifferingIds)}")));
        Assert.Equal(0, await KitchenAsync<long>(stores, "SELECT count(*) FROM {k}cdc_dead_letters"));
    }

    [Theory]
    [InlineData(Engine.Postgres)]
    [InlineData(Engine.Sqlite)]
    public async Task InProcess_ALineStreamedBeforeTheBackfillCopiedItsOrder_KeepsTheTicket_AndTheBackfillThenProjectsItWhole(Engine engine)
    {
        await using var stores = await TestStores.CreateAsync(engine);
        var legacy = new LegacyWriter(stores);
        var restaurant = await legacy.InsertRestaurantAsync();
        // Rows from before capture: the backfill's job. Kitchen already holds the order's ticket and accepted it.
        var order = await legacy.InsertOrderAsync(restaurant, lines: 2);
        var deleted = await legacy.InsertOrderAsync(restaurant, lines: 1);
        await using (var kitchen = stores.KitchenContext())
        {
            var ticket = Ticket.Create(order, restaurant, [new TicketLineItem("1", "Dish 1", 1), new TicketLineItem("2", "Dish 2", 2)]);
            ticket.Accept(ReadyBy, Accepted);
            kitchen.Tickets.Add(ticket);
            kitchen.Tickets.Add(Ticket.Create(deleted, restaurant, [new TicketLineItem("1", "Dish 1", 1)]));
            await kitchen.SaveChangesAsync();
        }
        await legacy.ExecuteAsNewSideAsync(SyncOrigin.Kitchen,
            "UPDATE {t}orders SET order_state = 'ACCEPTED', ready_by = @rb, accept_time = @at, version = version + 1 WHERE id = @id",
            ("@rb", ReadyBy), ("@at", Accepted), ("@id", order));
        var version = await KitchenAsync<long>(stores, "SELECT version FROM {k}tickets WHERE id = @id", ("@id", order));

        await using var cdc = await CdcScenario.StartAsync(stores, stores.Settings());
        // Streamed before the backfill ran: a revision of a line of the order, and the deletion of the other order.
        await legacy.ExecuteAsync("UPDATE {t}order_line_items SET quantity = 5 WHERE order_id = @o AND menu_item_id = '1'", ("@o", order));
        await legacy.ExecuteAsync("DELETE FROM {t}order_line_items WHERE order_id = @o", ("@o", deleted));
        await legacy.ExecuteAsync("DELETE FROM {t}orders WHERE id = @o", ("@o", deleted));
        await Eventually.UntilAsync(() => cdc.KitchenAsync<long>("SELECT count(*) FROM {k}cdc_mirror WHERE source_table = 'orders'"), n => n == 1,
            "the kitchen target to apply the streamed changes", CdcScenario.Timeout);
        cdc.ThrowIfFailed();

        Assert.Equal(("ACCEPTED", version, SyncOrigin.Kitchen), await TicketAsync(stores, order));
        Assert.Equal(1, await cdc.KitchenAsync<long>("SELECT quantity FROM {k}ticket_line_items WHERE ticket_id = @id AND menu_item_id = '1'", ("@id", order)));
        Assert.Equal(0, await cdc.KitchenAsync<long>("SELECT count(*) FROM {k}tickets WHERE id = @id", ("@id", deleted))); // a deleted parent still deletes

        await Backfiller.RunAsync(cdc.Settings, "kitchen", new BackfillOptions(), null, CancellationToken.None);

        Assert.Equal(("ACCEPTED", version, SyncOrigin.Kitchen), await TicketAsync(stores, order));
        Assert.Equal(5, await cdc.KitchenAsync<long>("SELECT quantity FROM {k}ticket_line_items WHERE ticket_id = @id AND menu_item_id = '1'", ("@id", order)));
        var report = await Verifier.RunAsync(cdc.Settings, "kitchen", 500, CancellationToken.None);
        Assert.True(report.Clean, string.Join(" ", report.Kinds.SelectMany(k => k.DifferingIds)));
    }

    /// <summary>Reads the capture (as <c>ftgo cdc run</c> does) and publishes it to Kafka until <paramref name="expected"/> changes are there.</summary>
    private static async Task PublishCapturedAsync(CdcSettings settings, int expected)
    {
        await using IChangeSource source = settings.Source == CdcSettings.PgOutput ? new PgOutputSource(settings.Postgres) : new SqliteTriggerSource(settings.Sqlite);
        using var publisher = new KafkaChangePublisher(settings.KafkaOptions);
        using var deadline = new CancellationTokenSource(CdcScenario.Timeout);
        var published = 0;
        try
        {
            await foreach (var batch in source.ReadAsync(deadline.Token))
            {
                await publisher.WriteAsync(batch, deadline.Token);
                await source.AcknowledgeAsync(batch, deadline.Token);
                if ((published += batch.Count(r => !r.IsMark)) >= expected)
                {
                    return;
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        throw new Xunit.Sdk.XunitException($"Only {published} of {expected} captured changes were published within {CdcScenario.Timeout}.");
    }

    /// <summary>Every record of one table's topic, as the Kafka source hands them to the applier (stream = topic partition, position = offset).</summary>
    private List<SourceRecord> ReadTopic(string prefix, string table)
    {
        KafkaNative.EnsureLoaded();
        var topic = $"{prefix}.{LegacyCatalog.Schema}.{table}";
        using var consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = broker.BootstrapServers,
            GroupId = $"{prefix}-reader",
            EnableAutoCommit = false,
        }).Build();
        var partition = new TopicPartition(topic, 0);
        var end = consumer.QueryWatermarkOffsets(partition, TimeSpan.FromSeconds(10)).High.Value;
        consumer.Assign(new TopicPartitionOffset(partition, Offset.Beginning));
        var records = new List<SourceRecord>();
        var deadline = DateTime.UtcNow + CdcScenario.Timeout;
        while (records.Count < end)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"Read {records.Count} of {end} records of {topic} within {CdcScenario.Timeout}.");
            }
            if (consumer.Consume(TimeSpan.FromMilliseconds(500)) is { } result && KafkaDebeziumSource.ToRecord(result) is { } record)
            {
                records.Add(record);
            }
        }
        consumer.Close();
        return records;
    }

    private static async Task<(string State, long Version, string Origin)> TicketAsync(TestStores stores, long id) =>
        (await KitchenAsync<string>(stores, "SELECT state FROM {k}tickets WHERE id = @id", ("@id", id)),
            await KitchenAsync<long>(stores, "SELECT version FROM {k}tickets WHERE id = @id", ("@id", id)),
            await KitchenAsync<string>(stores, "SELECT origin FROM {k}tickets WHERE id = @id", ("@id", id)));

    private static Task<T> KitchenAsync<T>(TestStores stores, string sql, params (string, object?)[] p) =>
        stores.ScalarAsync<T>(stores.Kitchen, sql.Replace("{k}", stores.Engine == Engine.Postgres ? "kitchen." : "kitchen_"), p);

    private static Task<T> DeliveryAsync<T>(TestStores stores, string sql, params (string, object?)[] p) =>
        stores.ScalarAsync<T>(stores.Delivery, sql.Replace("{d}", stores.Engine == Engine.Postgres ? "delivery." : stores.DeliveryPrefix), p);
}
