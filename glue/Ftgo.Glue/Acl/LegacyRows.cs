namespace Ftgo.Glue.Acl;

// The legacy model's rows as the monolith's tables hold them (schema ftgo): flat addresses,
// upper-case states, local date-times without offset, money as decimal(12,2). These records are
// the ACL's input from CDC and backfill and its output towards the monolith.

/// <summary>A flat address as the legacy tables and the new models both keep it.</summary>
public sealed record AddressRow(string Street1, string? Street2, string City, string State, string Zip);

/// <summary>A row of <c>ftgo.orders</c>: the order with its kitchen and delivery progress.</summary>
public sealed record LegacyOrderRow
{
    public required long Id { get; init; }
    public int Version { get; init; } = 1;
    public required string State { get; init; }
    public long ConsumerId { get; init; }
    public required long RestaurantId { get; init; }
    public string? PaymentToken { get; init; }
    public decimal OrderMinimum { get; init; }
    public required DateTime DeliveryTime { get; init; }
    public required AddressRow DeliveryAddress { get; init; }
    public DateTime? ReadyBy { get; init; }
    public DateTime? AcceptTime { get; init; }
    public DateTime? PreparingTime { get; init; }
    public DateTime? ReadyForPickupTime { get; init; }
    public DateTime? PickedUpTime { get; init; }
    public DateTime? DeliveredTime { get; init; }
    public long? AssignedCourierId { get; init; }
}

/// <summary>A row of <c>ftgo.order_line_items</c>.</summary>
public sealed record LegacyOrderLineItemRow(long Id, long OrderId, string MenuItemId, string Name, decimal Price, int Quantity);

/// <summary>A row of <c>ftgo.couriers</c>.</summary>
public sealed record LegacyCourierRow(long Id, string FirstName, string LastName, AddressRow Address, bool Available);

/// <summary>A row of <c>ftgo.courier_actions</c>: <c>PICKUP</c> or <c>DROPOFF</c> of an order at a time.</summary>
public sealed record LegacyCourierActionRow(long Id, long CourierId, long OrderId, string Type, DateTime Time);

/// <summary>A row of <c>ftgo.restaurants</c>.</summary>
public sealed record LegacyRestaurantRow(long Id, string Name, AddressRow Address);

/// <summary>The legacy order states (<c>ftgo.orders.order_state</c>).</summary>
public static class LegacyOrderStates
{
    public const string Approved = "APPROVED";
    public const string Accepted = "ACCEPTED";
    public const string Preparing = "PREPARING";
    public const string ReadyForPickup = "READY_FOR_PICKUP";
    public const string PickedUp = "PICKED_UP";
    public const string Delivered = "DELIVERED";
    public const string Cancelled = "CANCELLED";

    public static readonly IReadOnlyList<string> All = [Approved, Accepted, Preparing, ReadyForPickup, PickedUp, Delivered, Cancelled];
}
