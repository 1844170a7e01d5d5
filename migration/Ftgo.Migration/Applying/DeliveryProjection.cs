using System.Data.Common;
using Ftgo.Glue.Acl;
using Ftgo.Migration.Catalog;
using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Applying;

/// <summary>
/// orders (+ their restaurant's address) → delivery.deliveries; couriers + courier_actions →
/// delivery.couriers + delivery.courier_actions; restaurants → delivery.restaurants — through
/// <see cref="DeliveryTranslator"/>. A restaurant's change re-projects its deliveries (their
/// pickup address is the restaurant's).
/// </summary>
internal sealed class DeliveryProjection : SideProjection
{
    private const string Delivery = "delivery";
    private const string Courier = "courier";
    private const string CourierPlan = "courier-plan"; // only its plan changed in legacy: the courier's row stays Delivery's
    private const string Restaurant = "restaurant";
    private readonly AggregateWriter _deliveries;
    private readonly AggregateWriter _couriers;
    private readonly AggregateWriter _restaurants;

    private static ColumnInfo S(string name, bool optional = false) => new(name, ColumnType.String, optional);
    private static ColumnInfo T(string name, bool optional = true) => new(name, ColumnType.Timestamp, optional);
    private static IEnumerable<ColumnInfo> Address(string prefix, bool optional = false) =>
        [S(prefix + "street1", optional), S(prefix + "street2", true), S(prefix + "city", optional), S(prefix + "state", optional), S(prefix + "zip", optional)];

    public DeliveryProjection(TargetSchema schema) : base(schema)
    {
        _deliveries = new AggregateWriter(new TargetTable(schema, "deliveries", [new("id", ColumnType.Int64)],
        [
            S("state"), new("restaurant_id", ColumnType.Int64), .. Address("pickup_", optional: true), .. Address("delivery_"),
            T("promised_delivery_time", false), T("ready_by"), new("assigned_courier_id", ColumnType.Int64, true), T("scheduled_time"),
            T("preparing_time"), T("ready_for_pickup_time"), T("picked_up_time"), T("delivered_time"),
        ], ForwardOnly.Delivery)); // merged forward only; cancelled_time is Delivery's own
        _couriers = new AggregateWriter(
            new TargetTable(schema, "couriers", [new("id", ColumnType.Int64)],
                [S("first_name"), S("last_name"), .. Address(""), new("available", ColumnType.Boolean)]),
            new TargetTable(schema, "courier_actions", [],
                [new("courier_id", ColumnType.Int64), new("delivery_id", ColumnType.Int64), S("type"), T("time", false)]),
            "courier_id", MergePlansAsync); // a plan is a set Delivery also writes: merged forward only (PlanMerge)
        _restaurants = new AggregateWriter(new TargetTable(schema, "restaurants", [new("id", ColumnType.Int64)], [S("name"), .. Address("")]));
        Kinds =
        [
            new VerifiedKind("deliveries", "orders", _deliveries, ProjectLegacyDeliveriesAsync),
            new VerifiedKind("couriers", "couriers", _couriers, ProjectLegacyCouriersAsync),
            new VerifiedKind("restaurants", "restaurants", _restaurants, ProjectLegacyRestaurantsAsync),
        ];
    }

    public override IReadOnlyCollection<string> MirroredTables { get; } = ["orders", "restaurants", "couriers", "courier_actions"];

    public override IReadOnlyList<VerifiedKind> Kinds { get; }

    public override (long Agg, long? Ref) Index(string table, RowImage row) => table switch
    {
        "orders" => (row.GetInt64("id"), row.GetNullableInt64("restaurant_id")),
        "courier_actions" => (row.GetInt64("courier_id"), row.GetNullableInt64("order_id")),
        _ => (row.GetInt64("id"), null),
    };

    public override void MarkDirty(string table, MirrorRow? previous, MirrorRow current, bool snapshot, DirtySet dirty)
    {
        var kind = table switch
        {
            "orders" => Delivery,
            "restaurants" => Restaurant,
            "couriers" when snapshot || CourierRowChanged(previous, current) => Courier,
            _ => CourierPlan,
        };
        dirty.Add(kind, current.Agg);
        if (previous is not null && previous.Agg != current.Agg)
        {
            dirty.Add(kind, previous.Agg);
        }
    }

    /// <summary>
    /// Whether legacy changed what Delivery's courier row holds (name, address, availability). Legacy's image is
    /// restated only then, or from a snapshot: a courier re-projected for its plan, or for a column Delivery does not hold, keeps
    /// Delivery's row — legacy's image may predate Delivery's own availability write, whose echo is skipped.
    /// </summary>
    private static bool CourierRowChanged(MirrorRow? previous, MirrorRow current) =>
        previous?.Row is not { } before || current.Row is not { } after
        || !ProjectCourier(current.Agg, before, []).Parent!.SequenceEqual(ProjectCourier(current.Agg, after, []).Parent!);

    public override async Task PrepareAsync(DbConnection connection, CancellationToken ct)
    {
        await _deliveries.PrepareAsync(connection, ct);
        await _couriers.PrepareAsync(connection, ct);
        await _restaurants.PrepareAsync(connection, ct);
    }

    public override async Task ProjectAsync(ProjectionBatch batch, DirtySet dirty, CancellationToken ct)
    {
        var restaurantIds = dirty.Get(Restaurant);
        if (restaurantIds.Count > 0)
        {
            var restaurants = await batch.LiveByAggAsync("restaurants", restaurantIds, ct);
            var written = await batch.WithParentAsync("restaurants", restaurantIds, restaurants, ct);
            await batch.WriteAsync(_restaurants,
                written.Select(id => ProjectRestaurant(id, restaurants.GetValueOrDefault(id))).ToList(), ct);
            foreach (var order in await batch.ByRefAsync("orders", restaurantIds, ct))
            {
                dirty.Add(Delivery, order.Agg);
            }
        }

        var deliveryIds = dirty.Get(Delivery);
        if (deliveryIds.Count > 0)
        {
            var orders = await batch.LiveByAggAsync("orders", deliveryIds, ct);
            deliveryIds = await batch.WithParentAsync("orders", deliveryIds, orders, ct);
            var pickup = await batch.LiveByAggAsync("restaurants",
                orders.Values.Select(o => o.GetInt64("restaurant_id")).Distinct().ToList(), ct);
            await batch.WriteAsync(_deliveries,
                deliveryIds.Select(id => ProjectDelivery(id, orders.GetValueOrDefault(id), pickup)).ToList(), ct);
            await ReleaseCancelledAsync(batch, deliveryIds.Where(id => PlanMerge.RemovedByLegacy(
                orders.TryGetValue(id, out var order) ? LegacyRows.Order(order) : null, !orders.ContainsKey(id))).ToList(), dirty, ct);
        }

        var restated = dirty.Get(Courier).ToHashSet();
        IReadOnlyList<long> courierIds = restated.Concat(dirty.Get(CourierPlan)).Distinct().Order().ToList();
        if (courierIds.Count > 0)
        {
            var couriers = await batch.LiveByAggAsync("couriers", courierIds, ct);
            // An action's change ahead of its courier's (another Kafka topic) waits for the courier: nothing is deleted.
            courierIds = await batch.WithParentAsync("couriers", courierIds, couriers, ct);
            var actions = await batch.ChildrenByAggAsync("courier_actions", courierIds, ct);
            await batch.WriteAsync(_couriers,
                courierIds.Select(id => ProjectCourier(id, couriers.GetValueOrDefault(id), actions[id]) with { ParentChanged = restated.Contains(id) }).ToList(), ct);
            if (Schema.Sql.IsPostgres && couriers.Count > 0)
            {
                await AdvanceIdentityAsync(batch, _couriers.Parent.Qualified, ct);
            }
        }
    }

    /// <summary>
    /// The plans legacy's images give, merged with the stored ones by the ACL's rule (<see cref="PlanMerge"/>):
    /// an action Delivery wrote that legacy's image lacks stays, unless legacy cancelled (or deleted) its order —
    /// read from the mirror, as legacy last showed it.
    /// </summary>
    private static async Task<IReadOnlyDictionary<long, IReadOnlyList<(object?[] Row, string Origin)>>> MergePlansAsync(ProjectionBatch batch,
        IReadOnlyList<ProjectedAggregate> couriers, ILookup<long, StoredChild> stored, CancellationToken ct)
    {
        var orderIds = couriers.SelectMany(a => stored[a.Id]).Where(s => s.Origin == SyncOrigin.Delivery)
            .Select(s => Convert.ToInt64(s.Values[1])).Distinct().Order().ToList();
        var orders = orderIds.Count == 0 ? [] : await batch.LiveByAggAsync("orders", orderIds, ct);
        var deleted = orderIds.Count == orders.Count
            ? []
            : (await batch.WithParentAsync("orders", orderIds, orders, ct)).Where(id => !orders.ContainsKey(id)).ToHashSet();
        bool RemovedByLegacy(long orderId) =>
            PlanMerge.RemovedByLegacy(orders.TryGetValue(orderId, out var order) ? LegacyRows.Order(order) : null, deleted.Contains(orderId));
        return couriers.ToDictionary(a => a.Id, a => PlanMerge.Merge(a.Children, stored[a.Id].Select(s => (s.Values, s.Origin)), ActionKey, RemovedByLegacy));
    }

    /// <summary>
    /// An order legacy cancelled (or deleted) leaves the plans it was in (<see cref="PlanMerge"/>): the couriers
    /// whose plan in Delivery still holds an action Delivery wrote for it are re-projected. Needed because the
    /// order's change and the deletion of its actions travel apart (other Kafka topics): the deletion may have
    /// been applied first, while the order still looked live, and kept the actions.
    /// </summary>
    private async Task ReleaseCancelledAsync(ProjectionBatch batch, IReadOnlyList<long> orderIds, DirtySet dirty, CancellationToken ct)
    {
        var actions = _couriers.Child!;
        if (orderIds.Count == 0 || !actions.HasOrigin)
        {
            return;
        }
        foreach (var row in await actions.ReadAsync(batch.Connection, batch.Transaction, "delivery_id", orderIds, ["courier_id", SyncOrigin.Column], "\"courier_id\"", ct))
        {
            if (row[1] as string == SyncOrigin.Delivery)
            {
                dirty.Add(CourierPlan, Convert.ToInt64(row[0]));
            }
        }
    }

    /// <summary>A plan row's natural key (delivery id, type), as <see cref="PlanMerge.Key"/> has it.</summary>
    private static (long DeliveryId, string Type) ActionKey(object?[] row) => (Convert.ToInt64(row[1]), Convert.ToString(row[2])!);

    /// <summary>
    /// CDC writes legacy courier ids into an identity column: move its sequence past them, or the
    /// service's next own insert would collide.
    /// </summary>
    private static Task AdvanceIdentityAsync(ProjectionBatch batch, string table, CancellationToken ct) =>
        Sql.ExecuteAsync(batch.Connection, batch.Transaction, $"""
            SELECT setval(q.s, GREATEST(q.m, coalesce((SELECT ps.last_value FROM pg_sequences ps WHERE format('%I.%I', ps.schemaname, ps.sequencename) = q.s), 0)))
            FROM (SELECT pg_get_serial_sequence('{table.Replace("'", "''")}', 'id') AS s, (SELECT max(id) FROM {table}) AS m) q
            WHERE q.s IS NOT NULL AND q.m IS NOT NULL
            """, ct);

    private static object?[] AddressValues(AddressRow? a) => [a?.Street1, a?.Street2, a?.City, a?.State, a?.Zip];

    private static ProjectedAggregate ProjectDelivery(long id, RowImage? order, IReadOnlyDictionary<long, RowImage> restaurants)
    {
        if (order is null)
        {
            return new ProjectedAggregate(id, null, []);
        }
        var legacy = LegacyRows.Order(order);
        var restaurant = restaurants.GetValueOrDefault(legacy.RestaurantId);
        var d = DeliveryTranslator.ToDelivery(legacy, restaurant is null ? null : LegacyRows.Restaurant(restaurant));
        return new ProjectedAggregate(id,
        [
            d.Id, d.State, d.RestaurantId, .. AddressValues(d.PickupAddress), .. AddressValues(d.DeliveryAddress),
            d.PromisedDeliveryTime, d.ReadyBy, d.AssignedCourierId, d.ScheduledTime, d.PreparingTime, d.ReadyForPickupTime,
            d.PickedUpTime, d.DeliveredTime,
        ], []);
    }

    private static ProjectedAggregate ProjectCourier(long id, RowImage? courier, IEnumerable<RowImage> actions)
    {
        if (courier is null)
        {
            return new ProjectedAggregate(id, null, []);
        }
        var (c, plan) = DeliveryTranslator.ToCourier(LegacyRows.Courier(courier), actions.Select(LegacyRows.CourierAction));
        return new ProjectedAggregate(id, [c.Id, c.FirstName, c.LastName, .. AddressValues(c.Address), c.Available],
            plan.Select(a => new object?[] { a.CourierId, a.DeliveryId, a.Type, a.Time }).ToList());
    }

    private static ProjectedAggregate ProjectRestaurant(long id, RowImage? restaurant)
    {
        if (restaurant is null)
        {
            return new ProjectedAggregate(id, null, []);
        }
        var r = DeliveryTranslator.ToRestaurant(LegacyRows.Restaurant(restaurant));
        return new ProjectedAggregate(id, [r.Id, r.Name, .. AddressValues(r.Address)], []);
    }

    private static async Task<IReadOnlyList<ProjectedAggregate>> ProjectLegacyDeliveriesAsync(LegacySnapshot legacy, DbConnection connection, IReadOnlyList<long> ids, CancellationToken ct)
    {
        var orders = await legacy.ReadWhereInAsync(connection, LegacyCatalog.Orders, "id", ids, ct);
        var restaurants = (await legacy.ReadWhereInAsync(connection, LegacyCatalog.Restaurants, "id",
            orders.Select(o => o.GetInt64("restaurant_id")).Distinct().ToList(), ct)).ToDictionary(r => r.GetInt64("id"));
        return orders.Select(o => ProjectDelivery(o.GetInt64("id"), o, restaurants)).ToList();
    }

    private static async Task<IReadOnlyList<ProjectedAggregate>> ProjectLegacyCouriersAsync(LegacySnapshot legacy, DbConnection connection, IReadOnlyList<long> ids, CancellationToken ct)
    {
        var couriers = await legacy.ReadWhereInAsync(connection, LegacyCatalog.Couriers, "id", ids, ct);
        var actions = (await legacy.ReadWhereInAsync(connection, LegacyCatalog.CourierActions, "courier_id", ids, ct)).ToLookup(a => a.GetInt64("courier_id"));
        return couriers.Select(c => ProjectCourier(c.GetInt64("id"), c, actions[c.GetInt64("id")])).ToList();
    }

    private static async Task<IReadOnlyList<ProjectedAggregate>> ProjectLegacyRestaurantsAsync(LegacySnapshot legacy, DbConnection connection, IReadOnlyList<long> ids, CancellationToken ct) =>
        (await legacy.ReadWhereInAsync(connection, LegacyCatalog.Restaurants, "id", ids, ct)).Select(r => ProjectRestaurant(r.GetInt64("id"), r)).ToList();
}
