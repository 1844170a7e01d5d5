namespace Ftgo.Glue.Acl;

/// <summary>A legacy table a route group took over: the whole table, or only <see cref="Columns"/> of it (the rest stays the monolith's).</summary>
public sealed record OwnedTable(string Table, IReadOnlyList<string>? Columns = null)
{
    /// <summary>"couriers", or "orders (picked_up_time, delivered_time)".</summary>
    public string Describe() => Columns is null ? Table : $"{Table} ({string.Join(", ", Columns)})";
}

/// <summary>
/// Which legacy data each route group owns once extracted, stated once: the decommission check counts the monolith's
/// own writes to it, and after <c>complete</c> lists it as deletable. Orders stay the monolith's (it still takes and
/// cancels them); a group owns the columns its routes wrote there, and the tables only it writes.
/// </summary>
public static class GroupTables
{
    private static readonly IReadOnlyDictionary<string, IReadOnlyList<OwnedTable>> Owned = new Dictionary<string, IReadOnlyList<OwnedTable>>(StringComparer.Ordinal)
    {
        ["kitchen"] = [new("orders", ["accept_time", "ready_by", "preparing_time", "ready_for_pickup_time"])],
        ["delivery"] = [new("orders", ["assigned_courier_id", "picked_up_time", "delivered_time"]), new("couriers"), new("courier_actions")],
        ["delivery-features"] = [],
    };

    /// <summary>The legacy data <paramref name="group"/> owns; empty for a group unknown here (a new-only feature owns none).</summary>
    public static IReadOnlyList<OwnedTable> Of(string group) => Owned.GetValueOrDefault(group, []);

    /// <summary>The groups whose new service is <paramref name="side"/> and that own legacy data.</summary>
    public static IEnumerable<string> OfSide(string side) => side switch
    {
        SyncOrigin.Kitchen => ["kitchen"],
        SyncOrigin.Delivery => ["delivery"],
        _ => [],
    };

    /// <summary>Whether the monolith's own code wrote it: no origin stamped (the glue stamps its side), or <c>legacy</c>.</summary>
    public static bool ByLegacy(string? origin) => origin is null or SyncOrigin.Legacy;
}
