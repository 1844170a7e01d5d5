using Ftgo.Glue.Acl;
using Ftgo.Migration.Applying;
using Ftgo.Migration.Envelope;
using Ftgo.Migration.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Migration.Tests.Cdc;

/// <summary>
/// CDC legacy → new merges forward only while Kitchen and Delivery own some orders: a legacy image
/// that carries the state legacy knew before the new side's event reached it (written for the
/// <em>other</em> new side) never moves a ticket or a delivery back, nor erases a time or a courier;
/// a legacy change that moves forward is applied; and once legacy has the new side's events, verify
/// is clean — Kitchen's own <c>previous_state</c> is neither written nor compared.
/// </summary>
public sealed class ForwardOnlyMergeTests
{
    private static readonly DateTime Accepted = LegacyWriter.Base;
    private static readonly DateTime ReadyBy = LegacyWriter.Base.AddHours(1);
    private static readonly DateTime Preparing = LegacyWriter.Base.AddMinutes(1);

    [Theory]
    [InlineData(Engine.Postgres)]
    [InlineData(Engine.Sqlite)]
    public async Task StaleImageFromDeliverysWrite_DoesNotMoveTheTicketBack_NorEraseItsTimes_AndLaterProgressIsApplied(Engine engine)
    {
        await using var stores = await TestStores.CreateAsync(engine);
        await using var cdc = await CdcScenario.StartAsync(stores, stores.Settings());
        var legacy = cdc.Legacy;
        var restaurant = await legacy.InsertRestaurantAsync();
        var courier = await legacy.InsertCourierAsync();
        var order = await legacy.InsertOrderAsync(restaurant, lines: 2);
        await cdc.SettledAsync("the ticket", async () => await cdc.KitchenAsync<long>("SELECT count(*) FROM {k}tickets WHERE id = @id", ("@id", order)) == 1);
        Assert.Null(await cdc.KitchenAsync<string?>("SELECT previous_state FROM {k}tickets WHERE id = @id", ("@id", order)));

        // Kitchen owns the order (live): it accepts and starts preparing on its side.
        await using (var kitchen = stores.KitchenContext())
        {
            var ticket = await kitchen.Tickets.SingleAsync(t => t.Id == order);
            ticket.Accept(ReadyBy, Accepted);
            ticket.Preparing(Preparing);
            await kitchen.SaveChangesAsync();
        }
        var version = await cdc.KitchenAsync<long>("SELECT version FROM {k}tickets WHERE id = @id", ("@id", order));

        // Legacy has learnt of the acceptance only (TicketAccepted, applied as Kitchen's write) when
        // Delivery's CourierScheduledForDelivery changes the order: an image carrying ACCEPTED, origin delivery.
        await legacy.ExecuteAsNewSideAsync(SyncOrigin.Kitchen,
            "UPDATE {t}orders SET order_state = 'ACCEPTED', ready_by = @rb, accept_time = @at, version = version + 1 WHERE id = @id",
            ("@rb", ReadyBy), ("@at", Accepted), ("@id", order));
        await legacy.ExecuteAsNewSideAsync(SyncOrigin.Delivery,
            "UPDATE {t}orders SET assigned_courier_id = @c, version = version + 1 WHERE id = @id", ("@c", courier), ("@id", order));
        await Eventually.UntilAsync(
            () => cdc.KitchenAsync<string?>("SELECT origin FROM {k}cdc_mirror WHERE source_table = 'orders' AND pk = @pk", ("@pk", order.ToString())),
            origin => origin == SyncOrigin.Delivery, "the kitchen target to apply Delivery's image of the order", CdcScenario.Timeout);
        cdc.ThrowIfFailed();

        Assert.Equal("PREPARING", await cdc.KitchenAsync<string>("SELECT state FROM {k}tickets WHERE id = @id", ("@id", order)));
        Assert.Equal(Preparing, await cdc.KitchenAsync<DateTime>("SELECT preparing_time FROM {k}tickets WHERE id = @id", ("@id", order)));
        Assert.Equal(Accepted, await cdc.KitchenAsync<DateTime>("SELECT accept_time FROM {k}tickets WHERE id = @id", ("@id", order)));
        Assert.Equal(version, await cdc.KitchenAsync<long>("SELECT version FROM {k}tickets WHERE id = @id", ("@id", order)));
        Assert.Equal(SyncOrigin.Kitchen, await cdc.KitchenAsync<string>("SELECT origin FROM {k}tickets WHERE id = @id", ("@id", order)));

        // TicketPreparing reaches legacy: the ticket Kitchen moved (previous_state ACCEPTED) verifies clean.
        await legacy.ExecuteAsNewSideAsync(SyncOrigin.Kitchen,
            "UPDATE {t}orders SET order_state = 'PREPARING', preparing_time = @pt, version = version + 1 WHERE id = @id", ("@pt", Preparing), ("@id", order));
        await cdc.SettledAsync("legacy caught up with Kitchen");
        Assert.Equal("ACCEPTED", await cdc.KitchenAsync<string>("SELECT previous_state FROM {k}tickets WHERE id = @id", ("@id", order)));

        // After a rollback legacy answers again: its progress moves the ticket forward, keeping Kitchen's times.
        await legacy.SetStateAsync(order, "READY_FOR_PICKUP", "ready_for_pickup_time");
        await cdc.SettledAsync("legacy's progress on the ticket", async () =>
            await cdc.KitchenAsync<string>("SELECT state FROM {k}tickets WHERE id = @id", ("@id", order)) == "READY_FOR_PICKUP");
        Assert.Equal(LegacyWriter.Base.AddMinutes(5), await cdc.KitchenAsync<DateTime>("SELECT ready_for_pickup_time FROM {k}tickets WHERE id = @id", ("@id", order)));
        Assert.Equal(Preparing, await cdc.KitchenAsync<DateTime>("SELECT preparing_time FROM {k}tickets WHERE id = @id", ("@id", order)));
        Assert.Equal(SyncOrigin.Legacy, await cdc.KitchenAsync<string>("SELECT origin FROM {k}tickets WHERE id = @id", ("@id", order)));
        Assert.Equal(version + 1, await cdc.KitchenAsync<long>("SELECT version FROM {k}tickets WHERE id = @id", ("@id", order)));
        Assert.Equal("ACCEPTED", await cdc.KitchenAsync<string>("SELECT previous_state FROM {k}tickets WHERE id = @id", ("@id", order)));
    }

    [Theory]
    [InlineData(Engine.Postgres)]
    [InlineData(Engine.Sqlite)]
    public async Task StaleImageFromKitchensWrite_DoesNotMoveTheDeliveryBack_NorEraseItsCourier_AndLaterProgressIsApplied(Engine engine)
    {
        await using var stores = await TestStores.CreateAsync(engine);
        await using var cdc = await CdcScenario.StartAsync(stores, stores.Settings());
        var legacy = cdc.Legacy;
        var restaurant = await legacy.InsertRestaurantAsync();
        var courier = await legacy.InsertCourierAsync();
        var order = await legacy.InsertOrderAsync(restaurant, lines: 1);
        await cdc.SettledAsync("the delivery", async () => await cdc.DeliveryAsync<long>("SELECT count(*) FROM {d}deliveries WHERE id = @id", ("@id", order)) == 1);

        // Delivery owns the order: it schedules its courier on its side.
        await using (var delivery = stores.DeliveryContext())
        {
            var row = await delivery.Deliveries.SingleAsync(d => d.Id == order);
            row.Schedule(courier, ReadyBy, Accepted);
            await delivery.SaveChangesAsync();
        }
        var version = await cdc.DeliveryAsync<long>("SELECT version FROM {d}deliveries WHERE id = @id", ("@id", order));

        // Kitchen's TicketAccepted reaches legacy before Delivery's CourierScheduledForDelivery does: an
        // image of an accepted order without a courier (→ PENDING, no courier, no scheduled time), origin kitchen.
        await legacy.ExecuteAsNewSideAsync(SyncOrigin.Kitchen,
            "UPDATE {t}orders SET order_state = 'ACCEPTED', ready_by = @rb, accept_time = @at, version = version + 1 WHERE id = @id",
            ("@rb", ReadyBy), ("@at", Accepted), ("@id", order));
        await Eventually.UntilAsync(
            () => cdc.DeliveryAsync<string?>("SELECT origin FROM {d}cdc_mirror WHERE source_table = 'orders' AND pk = @pk", ("@pk", order.ToString())),
            origin => origin == SyncOrigin.Kitchen, "the delivery target to apply Kitchen's image of the order", CdcScenario.Timeout);
        cdc.ThrowIfFailed();

        Assert.Equal("SCHEDULED", await cdc.DeliveryAsync<string>("SELECT state FROM {d}deliveries WHERE id = @id", ("@id", order)));
        Assert.Equal(courier, await cdc.DeliveryAsync<long>("SELECT assigned_courier_id FROM {d}deliveries WHERE id = @id", ("@id", order)));
        Assert.Equal(Accepted, await cdc.DeliveryAsync<DateTime>("SELECT scheduled_time FROM {d}deliveries WHERE id = @id", ("@id", order)));
        Assert.Equal(version, await cdc.DeliveryAsync<long>("SELECT version FROM {d}deliveries WHERE id = @id", ("@id", order)));

        // CourierScheduledForDelivery reaches legacy: clean.
        await legacy.ExecuteAsNewSideAsync(SyncOrigin.Delivery,
            "UPDATE {t}orders SET assigned_courier_id = @c, version = version + 1 WHERE id = @id", ("@c", courier), ("@id", order));
        await cdc.SettledAsync("legacy caught up with Delivery");

        // Legacy's own progress moves the delivery forward.
        await legacy.SetStateAsync(order, "PICKED_UP", "picked_up_time");
        await cdc.SettledAsync("legacy's progress on the delivery", async () =>
            await cdc.DeliveryAsync<string>("SELECT state FROM {d}deliveries WHERE id = @id", ("@id", order)) == "PICKED_UP");
        Assert.Equal(courier, await cdc.DeliveryAsync<long>("SELECT assigned_courier_id FROM {d}deliveries WHERE id = @id", ("@id", order)));
    }

    /// <summary>
    /// Legacy keeps no scheduled time (the ACL derives it from Kitchen's accept time); Delivery stamps its
    /// own clock when it schedules, a moment later. Seen in the demo: verify then differed for good on the
    /// orders whose last legacy change was the glue's (skipped for Delivery). Legacy's value now only fills
    /// an empty scheduled time: a later legacy image neither replaces Delivery's nor bumps its version, and
    /// verify does not compare it.
    /// </summary>
    [Theory]
    [InlineData(Engine.Postgres)]
    [InlineData(Engine.Sqlite)]
    public async Task ScheduledTime_DeliverysClockIsKept_AndVerifyIsCleanOnceLegacyHasTheCourier(Engine engine)
    {
        await using var stores = await TestStores.CreateAsync(engine);
        await using var cdc = await CdcScenario.StartAsync(stores, stores.Settings());
        var legacy = cdc.Legacy;
        var restaurant = await legacy.InsertRestaurantAsync();
        var courier = await legacy.InsertCourierAsync();
        var order = await legacy.InsertOrderAsync(restaurant, lines: 1);
        await cdc.SettledAsync("the delivery", async () => await cdc.DeliveryAsync<long>("SELECT count(*) FROM {d}deliveries WHERE id = @id", ("@id", order)) == 1);
        var scheduled = Accepted.AddSeconds(1);

        // Kitchen's TicketAccepted reaches legacy; Delivery schedules a second later on its side; the glue gives legacy the courier.
        await legacy.ExecuteAsNewSideAsync(SyncOrigin.Kitchen,
            "UPDATE {t}orders SET order_state = 'ACCEPTED', ready_by = @rb, accept_time = @at, version = version + 1 WHERE id = @id",
            ("@rb", ReadyBy), ("@at", Accepted), ("@id", order));
        await Eventually.UntilAsync(() => cdc.DeliveryAsync<long>("SELECT count(*) FROM {d}deliveries WHERE id = @id AND ready_by IS NOT NULL", ("@id", order)),
            n => n == 1, "the accepted order in Delivery", CdcScenario.Timeout);
        await using (var delivery = stores.DeliveryContext())
        {
            var row = await delivery.Deliveries.SingleAsync(d => d.Id == order);
            row.Schedule(courier, ReadyBy, scheduled);
            await delivery.SaveChangesAsync();
        }
        await legacy.ExecuteAsNewSideAsync(SyncOrigin.Delivery,
            "UPDATE {t}orders SET assigned_courier_id = @c, version = version + 1 WHERE id = @id", ("@c", courier), ("@id", order));
        await cdc.SettledAsync("legacy has Delivery's courier");
        var version = await cdc.DeliveryAsync<long>("SELECT version FROM {d}deliveries WHERE id = @id", ("@id", order));

        // The monolith's next change of the order (after a rollback, say): an image with the courier and the accept time crosses to Delivery.
        await legacy.SetStateAsync(order, "PREPARING", "preparing_time");
        await cdc.SettledAsync("the preparing order in Delivery", async () =>
            await cdc.DeliveryAsync<long>("SELECT count(*) FROM {d}deliveries WHERE id = @id AND preparing_time IS NOT NULL", ("@id", order)) == 1);
        Assert.Equal(scheduled, await cdc.DeliveryAsync<DateTime>("SELECT scheduled_time FROM {d}deliveries WHERE id = @id", ("@id", order)));
        Assert.Equal(version + 1, await cdc.DeliveryAsync<long>("SELECT version FROM {d}deliveries WHERE id = @id", ("@id", order)));
    }

    /// <summary>
    /// A courier's plan is a set Delivery also writes. Seen in the demo: Delivery plans an order for a
    /// courier; legacy, before that event reaches it, plans one of its own orders for the same courier;
    /// CDC rewrote the courier's plan from legacy's image and dropped Delivery's actions for good. Merged
    /// forward only (PlanMerge), they stay; verify shows the courier as different until legacy has them;
    /// and legacy's cancel of the order — FTGO's one removal from a plan — takes them out, even when the
    /// deletion of its actions is applied before the order's cancel.
    /// </summary>
    [Theory]
    [InlineData(Engine.Postgres)]
    [InlineData(Engine.Sqlite)]
    public async Task StaleCourierImage_KeepsTheActionsDeliveryPlanned_UntilLegacyCancelsTheirOrder(Engine engine)
    {
        await using var stores = await TestStores.CreateAsync(engine);
        await using var cdc = await CdcScenario.StartAsync(stores, stores.Settings());
        var legacy = cdc.Legacy;
        var restaurant = await legacy.InsertRestaurantAsync();
        var courier = await legacy.InsertCourierAsync();
        var planned = await legacy.InsertOrderAsync(restaurant, lines: 1); // Delivery's (live)
        var own = await legacy.InsertOrderAsync(restaurant, lines: 1);     // the monolith's
        await cdc.SettledAsync("the courier and the deliveries", async () =>
            await cdc.DeliveryAsync<long>("SELECT count(*) FROM {d}couriers WHERE id = @id", ("@id", courier)) == 1);
        Task<long> ActionsOf(long order) =>
            cdc.DeliveryAsync<long>("SELECT count(*) FROM {d}courier_actions WHERE courier_id = @c AND delivery_id = @o", ("@c", courier), ("@o", order));

        // Delivery schedules its order on its side.
        await using (var delivery = stores.DeliveryContext())
        {
            var row = await delivery.Deliveries.SingleAsync(d => d.Id == planned);
            var plan = await delivery.Couriers.Include(c => c.Actions).SingleAsync(c => c.Id == courier);
            plan.Plan(planned, ReadyBy);
            row.Schedule(courier, ReadyBy, Accepted);
            await delivery.SaveChangesAsync();
        }

        // The monolith plans its own order for the same courier before it has Delivery's event: CDC
        // re-projects the courier from an image without Delivery's actions.
        await legacy.AcceptAsync(own, courier);
        await Eventually.UntilAsync(() => ActionsOf(own), n => n == 2, "legacy's plan of its own order in Delivery", CdcScenario.Timeout);
        cdc.ThrowIfFailed();
        Assert.Equal(2, await ActionsOf(planned));
        Assert.Equal(2, await cdc.DeliveryAsync<long>("SELECT count(*) FROM {d}courier_actions WHERE delivery_id = @o AND origin = 'delivery'", ("@o", planned)));
        var report = await cdc.VerifyAsync("delivery");
        Assert.Equal([courier], report.Kinds.Single(k => k.Kind == "couriers").DifferingIds);

        // CourierScheduledForDelivery reaches legacy (the glue, origin delivery): clean, and the actions stay.
        await legacy.ExecuteAsNewSideAsync(SyncOrigin.Delivery,
            "UPDATE {t}orders SET order_state = 'ACCEPTED', ready_by = @rb, accept_time = @at, assigned_courier_id = @c, version = version + 1 WHERE id = @o; " +
            "INSERT INTO {t}courier_actions (courier_id, order_id, type, time) VALUES (@c, @o, 'PICKUP', @rb), (@c, @o, 'DROPOFF', @dt)",
            ("@rb", ReadyBy), ("@at", Accepted), ("@c", courier), ("@o", planned), ("@dt", ReadyBy.AddMinutes(30)));
        await cdc.SettledAsync("legacy caught up with Delivery");
        Assert.Equal(2, await ActionsOf(planned));

        // The monolith cancels Delivery's order; the deletion of its actions is applied before the cancel
        // (as it can be across Kafka topics): the actions go once the order shows cancelled.
        await legacy.ExecuteAsync("DELETE FROM {t}courier_actions WHERE order_id = @o", ("@o", planned));
        await Eventually.UntilAsync(() => cdc.DeliveryAsync<long>(
                "SELECT count(*) FROM {d}cdc_mirror WHERE source_table = 'courier_actions' AND ref_id = @o AND row_json IS NULL", ("@o", planned)),
            n => n == 2, "the deletion of the order's actions in Delivery's mirror", CdcScenario.Timeout);
        await legacy.ExecuteAsync("UPDATE {t}orders SET order_state = 'CANCELLED', version = version + 1 WHERE id = @o", ("@o", planned));
        await cdc.SettledAsync("the cancel", async () => await ActionsOf(planned) == 0);
        Assert.Equal(2, await ActionsOf(own));
        Assert.Equal("CANCELLED", await cdc.DeliveryAsync<string>("SELECT state FROM {d}deliveries WHERE id = @id", ("@id", planned)));
    }

    /// <summary>
    /// A courier re-projected for its plan alone (legacy planned its own order) keeps the availability
    /// Delivery set, even before the glue's echo of it reaches legacy: the courier's row in the mirror is
    /// legacy's last image, older than Delivery's write, and restating it would undo that write for good
    /// (the echo, Delivery's own origin, is skipped). A change legacy makes to the courier itself is applied.
    /// </summary>
    [Theory]
    [InlineData(Engine.Postgres)]
    [InlineData(Engine.Sqlite)]
    public async Task CourierReprojectedForItsPlan_KeepsTheAvailabilityDeliverySet_AndLegacysOwnChangeIsApplied(Engine engine)
    {
        await using var stores = await TestStores.CreateAsync(engine);
        await using var cdc = await CdcScenario.StartAsync(stores, stores.Settings());
        var legacy = cdc.Legacy;
        var restaurant = await legacy.InsertRestaurantAsync();
        var courier = await legacy.InsertCourierAsync(available: true);
        var own = await legacy.InsertOrderAsync(restaurant, lines: 1);
        await cdc.SettledAsync("the courier in Delivery", async () =>
            await cdc.DeliveryAsync<long>("SELECT count(*) FROM {d}couriers WHERE id = @id", ("@id", courier)) == 1);
        Task<bool> AvailableInDelivery() => cdc.DeliveryAsync<bool>("SELECT available FROM {d}couriers WHERE id = @id", ("@id", courier));

        // The courier stops taking work on Delivery (live); the glue has not told legacy yet.
        await using (var delivery = stores.DeliveryContext())
        {
            var row = await delivery.Couriers.SingleAsync(c => c.Id == courier);
            Assert.True(row.SetAvailable(false));
            await delivery.SaveChangesAsync();
        }

        // The monolith plans its own order for the courier: CDC re-projects the courier for its plan.
        await legacy.AcceptAsync(own, courier);
        await Eventually.UntilAsync(() => cdc.DeliveryAsync<long>(
                "SELECT count(*) FROM {d}courier_actions WHERE courier_id = @c AND delivery_id = @o", ("@c", courier), ("@o", own)),
            n => n == 2, "legacy's plan of its own order in Delivery", CdcScenario.Timeout);
        cdc.ThrowIfFailed();
        Assert.False(await AvailableInDelivery());

        // The glue's echo reaches legacy (origin delivery): skipped, and verify is clean.
        await legacy.ExecuteAsNewSideAsync(SyncOrigin.Delivery, "UPDATE {t}couriers SET available = @a WHERE id = @c", ("@a", false), ("@c", courier));
        await cdc.SettledAsync("legacy caught up with Delivery");
        Assert.False(await AvailableInDelivery());
        Assert.Empty((await cdc.VerifyAsync("delivery")).Kinds.Single(k => k.Kind == "couriers").DifferingIds);

        // The monolith changes the courier itself (it owns couriers again): applied.
        await legacy.ExecuteAsync("UPDATE {t}couriers SET available = @a WHERE id = @c", ("@a", true), ("@c", courier));
        await cdc.SettledAsync("legacy's own availability", AvailableInDelivery);
    }

    [Theory]
    [InlineData(Engine.Postgres)]
    [InlineData(Engine.Sqlite)]
    public async Task MenuItems_AreCountedAsCapturedNotProjected_NeitherMirroredNorDeadLettered(Engine engine)
    {
        await using var stores = await TestStores.CreateAsync(engine);
        await using var cdc = await CdcScenario.StartAsync(stores, stores.Settings());
        var legacy = cdc.Legacy;
        var restaurant = await legacy.InsertRestaurantAsync();
        await legacy.ExecuteAsync("INSERT INTO {t}restaurant_menu_items (restaurant_id, id, name, price) VALUES (@r, '1', 'Vindaloo', 12.34), (@r, '2', 'Naan', 2.50)",
            ("@r", restaurant));
        await legacy.ExecuteAsync("UPDATE {t}restaurant_menu_items SET price = 13.00 WHERE restaurant_id = @r AND id = '1'", ("@r", restaurant));
        await legacy.ExecuteAsync("DELETE FROM {t}restaurant_menu_items WHERE restaurant_id = @r AND id = '2'", ("@r", restaurant));

        await Eventually.UntilAsync(() => Task.FromResult(cdc.Statistics.NotProjected.GetValueOrDefault("restaurant_menu_items")), n => n == 4,
            "the four menu-item changes counted as captured, not projected", CdcScenario.Timeout);
        await cdc.SettledAsync("the restaurant in Delivery");
        Assert.Equal(["restaurant_menu_items"], cdc.Statistics.NotProjected.Keys);
        Assert.Equal(0, await cdc.KitchenAsync<long>("SELECT count(*) FROM {k}cdc_dead_letters"));
        Assert.Equal(0, await cdc.DeliveryAsync<long>("SELECT count(*) FROM {d}cdc_dead_letters"));
        Assert.Equal(0, await cdc.DeliveryAsync<long>("SELECT count(*) FROM {d}cdc_mirror WHERE source_table = 'restaurant_menu_items'"));
        Assert.Equal(0, await cdc.KitchenAsync<long>("SELECT count(*) FROM {k}cdc_mirror WHERE source_table = 'restaurant_menu_items'"));
    }

    /// <summary>
    /// The SQL the upsert renders is the ACL's rule: every pair (stored state, legacy state) of a
    /// ticket, with the times each state implies, upserted through the applier's table and read back,
    /// equals <see cref="SharedFields.Merge"/> column by column — and a merge that changes nothing
    /// leaves the row (and its version) alone.
    /// </summary>
    [Theory]
    [InlineData(Engine.Postgres)]
    [InlineData(Engine.Sqlite)]
    public async Task UpsertSql_MergesEveryPairOfTicketStates_AsTheAclSays(Engine engine)
    {
        await using var stores = await TestStores.CreateAsync(engine);
        var store = new TargetStore(stores.Targets.Single(t => t.Side == SyncOrigin.Kitchen));
        var columns = new ColumnInfo[]
        {
            new("state", ColumnType.String), new("restaurant_id", ColumnType.Int64), new("ready_by", ColumnType.Timestamp, true),
            new("accept_time", ColumnType.Timestamp, true), new("preparing_time", ColumnType.Timestamp, true),
            new("ready_for_pickup_time", ColumnType.Timestamp, true), new("picked_up_time", ColumnType.Timestamp, true),
        };
        var tickets = new TargetTable(store.Schema, "tickets", [new("id", ColumnType.Int64)], columns, ForwardOnly.Ticket);
        var states = StateProgression.Ticket.Ranked;
        var pairs = states.SelectMany(current => states.Select(incoming => (current, incoming))).ToList();
        object?[] Row(long id, string state, long restaurant)
        {
            var reached = state == TicketStates.Cancelled ? 0 : StateProgression.Ticket.Rank(state);
            DateTime? At(int step, int minutes) => reached >= step ? LegacyWriter.Base.AddMinutes(minutes + 10 * (int)id) : null;
            return [id, state, restaurant, At(1, 60), At(1, 0), At(2, 1), At(3, 2), At(4, 3)];
        }
        var stored = pairs.Select((p, i) => Row(i + 1, p.current, 1)).ToList();
        var incoming = pairs.Select((p, i) => Row(i + 1, p.incoming, 2)).ToList();

        await using var connection = await stores.OpenAsync(stores.Kitchen);
        await tickets.PrepareAsync(connection, CancellationToken.None);
        foreach (var rows in new[] { stored, incoming })
        {
            await using var transaction = await connection.BeginTransactionAsync();
            await tickets.UpsertAsync(connection, transaction, rows, CancellationToken.None);
            await transaction.CommitAsync();
        }

        var names = columns.Select(c => c.Name).ToList();
        var read = (await tickets.ReadAsync(connection, null, "id", pairs.Select((_, i) => (long)i + 1).ToList(), ["id", .. names, "version"], "\"id\"", CancellationToken.None))
            .ToDictionary(r => Convert.ToInt64(r[0]));
        for (var i = 0; i < pairs.Count; i++)
        {
            var row = read[i + 1];
            for (var c = 0; c < columns.Length; c++)
            {
                var expected = ForwardOnly.Ticket.Merge(names[c], stored[i][c + 1], incoming[i][c + 1]);
                Assert.True(Canonical.Value(columns[c], expected) == Canonical.Value(columns[c], row[c + 1]),
                    $"{pairs[i].current} meets {pairs[i].incoming}: {names[c]} is {Canonical.Value(columns[c], row[c + 1])}, the ACL says {Canonical.Value(columns[c], expected)}");
            }
        }
        // restaurant_id differs in every pair, so every row was written once more: version 2. Run the
        // incoming rows again: the merge now changes nothing, and nothing is written.
        Assert.All(read.Values, r => Assert.Equal(2L, Convert.ToInt64(r[^1])));
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await tickets.UpsertAsync(connection, transaction, incoming, CancellationToken.None);
            await transaction.CommitAsync();
        }
        var again = await tickets.ReadAsync(connection, null, "id", pairs.Select((_, i) => (long)i + 1).ToList(), ["version"], "\"id\"", CancellationToken.None);
        Assert.All(again, r => Assert.Equal(2L, Convert.ToInt64(r[0])));
    }
}
