namespace Ftgo.Glue.Contracts;

/// <summary>Command to Delivery: plan a courier for an accepted order (delivery id = order id).</summary>
[MessageName("ftgo.delivery.schedule-delivery", 1)]
public sealed record ScheduleDelivery(long OrderId, long RestaurantId, DateTime ReadyBy, AddressData DeliveryAddress);
