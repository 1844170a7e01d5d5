using System.Data.Common;
using Ftgo.Glue.Acl;
using Ftgo.Migration.Catalog;
using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Applying;

/// <summary>
/// orders + order_line_items → kitchen.tickets + kitchen.ticket_line_items, through
/// <see cref="KitchenTranslator"/>; a ticket's shared columns merge forward only (<see cref="ForwardOnly.Ticket"/>).
/// </summary>
internal sealed class KitchenProjection : SideProjection, ISnapshotProjection
{
    private const string Ticket = "ticket";
    private readonly AggregateWriter _tickets;

    public KitchenProjection(TargetSchema schema) : base(schema)
    {
        _tickets = new AggregateWriter(
            // The columns the ticket shares with legacy, merged forward only; previous_state is Kitchen's own (ForwardOnly.Ticket).
            new TargetTable(schema, "tickets", [new("id", ColumnType.Int64)],
            [
                new("state", ColumnType.String), new("restaurant_id", ColumnType.Int64),
                new("ready_by", ColumnType.Timestamp, true), new("accept_time", ColumnType.Timestamp, true),
                new("preparing_time", ColumnType.Timestamp, true), new("ready_for_pickup_time", ColumnType.Timestamp, true),
                new("picked_up_time", ColumnType.Timestamp, true),
            ], ForwardOnly.Ticket),
            new TargetTable(schema, "ticket_line_items", [],
                [new("ticket_id", ColumnType.Int64), new("menu_item_id", ColumnType.String), new("name", ColumnType.String), new("quantity", ColumnType.Int32)]),
            "ticket_id");
        Kinds = [new VerifiedKind("tickets", "orders", _tickets, ProjectLegacyAsync)];
    }

    public override IReadOnlyCollection<string> MirroredTables { get; } = ["orders", "order_line_items"];

    public override IReadOnlyList<VerifiedKind> Kinds { get; }

    public override (long Agg, long? Ref) Index(string table, RowImage row) => table switch
    {
        // No reference: nothing in Kitchen is re-projected when a restaurant changes (and a null keeps the row out of the ref index).
        "orders" => (row.GetInt64("id"), null),
        _ => (row.GetInt64("order_id"), null),
    };

    public override void MarkDirty(string table, MirrorRow? previous, MirrorRow current, bool snapshot, DirtySet dirty)
    {
        dirty.Add(Ticket, current.Agg);
        if (previous is not null && previous.Agg != current.Agg)
        {
            dirty.Add(Ticket, previous.Agg);
        }
    }

    public override Task PrepareAsync(DbConnection connection, CancellationToken ct) => _tickets.PrepareAsync(connection, ct);

    public override async Task ProjectAsync(ProjectionBatch batch, DirtySet dirty, CancellationToken ct)
    {
        var ids = dirty.Get(Ticket);
        if (ids.Count == 0)
        {
            return;
        }
        var orders = await batch.LiveByAggAsync("orders", ids, ct);
        // A line's change ahead of its order's (another Kafka topic) waits for the order: the ticket is not deleted.
        ids = await batch.WithParentAsync("orders", ids, orders, ct);
        var lines = await batch.ChildrenByAggAsync("order_line_items", ids, ct);
        await batch.WriteAsync(_tickets, ids.Select(id => Project(id, orders.GetValueOrDefault(id), lines[id])).ToList(), ct);
    }

    public IReadOnlyList<ProjectedWrite> ProjectSnapshot(IReadOnlyList<MirrorRow> rows)
    {
        // The same tickets ProjectAsync gives when the batch holds every row of the aggregates (MarkDirty: the row's
        // aggregate; WithParentAsync: a snapshot has no tombstones, so an aggregate without its order waits).
        var orders = rows.Where(r => r.Table == "orders" && !r.IsDeleted).ToDictionary(r => r.Agg, r => r.Row!);
        var ids = rows.Where(r => !SyncOrigin.ShouldSkip(r.Origin, Side)).Select(r => r.Agg).Where(orders.ContainsKey).Distinct().Order().ToList();
        var lines = rows.Where(r => r.Table == "order_line_items" && !r.IsDeleted).ToLookup(r => r.Agg, r => r.Row!);
        return [new ProjectedWrite(_tickets, ids.Select(id => Project(id, orders[id], lines[id])).ToList())];
    }

    private static ProjectedAggregate Project(long id, RowImage? order, IEnumerable<RowImage> lines)
    {
        if (order is null) // legacy deleted the order (WithParentAsync)
        {
            return new ProjectedAggregate(id, null, []);
        }
        var (ticket, ticketLines) = KitchenTranslator.ToTicket(LegacyRows.Order(order), lines.Select(LegacyRows.LineItem));
        return new ProjectedAggregate(id,
            [ticket.Id, ticket.State, ticket.RestaurantId, ticket.ReadyBy, ticket.AcceptTime, ticket.PreparingTime, ticket.ReadyForPickupTime, ticket.PickedUpTime],
            ticketLines.Select(l => new object?[] { l.TicketId, l.MenuItemId, l.Name, l.Quantity }).ToList());
    }

    private static async Task<IReadOnlyList<ProjectedAggregate>> ProjectLegacyAsync(LegacySnapshot legacy, DbConnection connection, IReadOnlyList<long> ids, CancellationToken ct)
    {
        var orders = (await legacy.ReadWhereInAsync(connection, LegacyCatalog.Orders, "id", ids, ct)).ToDictionary(r => r.GetInt64("id"));
        var lines = (await legacy.ReadWhereInAsync(connection, LegacyCatalog.OrderLineItems, "order_id", ids, ct)).ToLookup(r => r.GetInt64("order_id"));
        return ids.Where(orders.ContainsKey).Select(id => Project(id, orders[id], lines[id])).ToList();
    }
}
