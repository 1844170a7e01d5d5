namespace Ftgo.Glue.Acl;

/// <summary>
/// A Delivery (schema <c>delivery</c>, table <c>deliveries</c>): one per order, id = order id — the
/// fields it shares with the legacy order. Delivery's own <c>cancelled_time</c> is not here: the
/// monolith keeps no cancel time (see <see cref="ForwardOnly.Delivery"/>).
/// </summary>
public sealed record DeliveryRow
{
    public required long Id { get; init; }
    public required string State { get; init; }
    public required long RestaurantId { get; init; }
    public AddressRow? PickupAddress { get; init; }
    public required AddressRow DeliveryAddress { get; init; }
    public required DateTime PromisedDeliveryTime { get; init; }
    public DateTime? ReadyBy { get; init; }
    public long? AssignedCourierId { get; init; }
    public DateTime? ScheduledTime { get; init; }
    public DateTime? PreparingTime { get; init; }
    public DateTime? ReadyForPickupTime { get; init; }
    public DateTime? PickedUpTime { get; init; }
    public DateTime? DeliveredTime { get; init; }
}

/// <summary>A courier of the Delivery model (<c>delivery.couriers</c>).</summary>
public sealed record DeliveryCourierRow(long Id, string FirstName, string LastName, AddressRow Address, bool Available);

/// <summary>One step of a courier's plan (<c>delivery.courier_actions</c>); its natural key is (courier, delivery, type).</summary>
public sealed record DeliveryCourierActionRow(long CourierId, long DeliveryId, string Type, DateTime Time);

/// <summary>Delivery's replica of a restaurant (<c>delivery.restaurants</c>).</summary>
public sealed record DeliveryRestaurantRow(long Id, string Name, AddressRow Address);

/// <summary>The Delivery states of the Delivery model.</summary>
public static class DeliveryStates
{
    public const string Pending = "PENDING";
    public const string Scheduled = "SCHEDULED";
    public const string PickedUp = "PICKED_UP";
    public const string Delivered = "DELIVERED";
    public const string Cancelled = "CANCELLED";

    public static readonly IReadOnlyList<string> All = [Pending, Scheduled, PickedUp, Delivered, Cancelled];
}
