using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Catalog;

/// <summary>
/// The legacy tables CDC captures, with their column types as the monolith's migrations define
/// them (schema <c>ftgo</c>; SQLite has no schemas, so its stream names the same logical schema
/// and the topics are the same on both engines). <c>origin</c> is the loop-prevention column
/// (see README): absent or null means the monolith wrote the row.
/// </summary>
public static class LegacyCatalog
{
    public const string Schema = "ftgo";
    public const string OriginColumn = "origin";

    private static ColumnInfo Id(string name = "id") => new(name, ColumnType.Int64);
    private static ColumnInfo Text(string name, bool optional = false) => new(name, ColumnType.String, optional);
    private static ColumnInfo Money(string name) => new(name, ColumnType.Decimal, Scale: 2, Precision: 12);
    private static ColumnInfo Time(string name, bool optional = false) => new(name, ColumnType.Timestamp, optional);
    private static readonly ColumnInfo Origin = Text(OriginColumn, optional: true);

    private static IEnumerable<ColumnInfo> Address() =>
        [Text("city"), Text("state"), Text("street1"), Text("street2", optional: true), Text("zip")];

    public static readonly TableSchema Orders = new(Schema, "orders",
    [
        Id(), new("version", ColumnType.Int32), Text("order_state"), Id("consumer_id"), Id("restaurant_id"),
        Text("payment_token", optional: true), Money("order_minimum"), Time("delivery_time"),
        Time("ready_by", true), Time("accept_time", true), Time("preparing_time", true), Time("ready_for_pickup_time", true),
        Time("picked_up_time", true), Time("delivered_time", true), new("assigned_courier_id", ColumnType.Int64, Optional: true),
        .. Address(), Origin,
    ], ["id"]);

    public static readonly TableSchema OrderLineItems = new(Schema, "order_line_items",
        [Id(), Id("order_id"), Text("menu_item_id"), Text("name"), Money("price"), new("quantity", ColumnType.Int32), Origin], ["id"]);

    public static readonly TableSchema Couriers = new(Schema, "couriers",
        [Id(), new("available", ColumnType.Boolean), .. Address(), Text("first_name"), Text("last_name"), Origin], ["id"]);

    public static readonly TableSchema CourierActions = new(Schema, "courier_actions",
        [Id(), Id("courier_id"), Id("order_id"), Text("type"), Time("time"), Origin], ["id"]);

    public static readonly TableSchema Restaurants = new(Schema, "restaurants",
        [Id(), Text("name"), .. Address(), Origin], ["id"]);

    public static readonly TableSchema RestaurantMenuItems = new(Schema, "restaurant_menu_items",
        [Id("restaurant_id"), Text("id"), Text("name"), Money("price"), Origin], ["restaurant_id", "id"]);

    /// <summary>Every captured table, parents before children (the order a snapshot copies them in).</summary>
    public static readonly IReadOnlyList<TableSchema> Tables =
        [Restaurants, RestaurantMenuItems, Couriers, Orders, OrderLineItems, CourierActions];

    public static TableSchema? Find(string table) => Tables.FirstOrDefault(t => t.Table == table);

    /// <summary>The topics of the captured tables: <c>&lt;prefix&gt;.ftgo.&lt;table&gt;</c>.</summary>
    public static IEnumerable<string> Topics(string prefix) => Tables.Select(t => $"{prefix}.{Schema}.{t.Table}");
}
