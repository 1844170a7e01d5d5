namespace Ftgo.Glue.Contracts;

/// <summary>
/// Command to Delivery: plan a courier for an accepted order (delivery id = order id).
/// <paramref name="AcceptTime"/> is when the order was accepted — the delivery's scheduled time, as
/// the monolith records it; absent (older senders), Delivery uses its own clock.
/// </summary>
[MessageName("ftgo.delivery.schedule-delivery", 1)]
public sealed record ScheduleDelivery(long OrderId, long RestaurantId, DateTime ReadyBy, AddressData DeliveryAddress,
    DateTime? AcceptTime = null);
