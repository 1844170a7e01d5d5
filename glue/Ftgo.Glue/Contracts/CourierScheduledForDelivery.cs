namespace Ftgo.Glue.Contracts;

/// <summary>Event of Delivery: a courier was assigned, with its PICKUP and DROPOFF actions for this delivery.</summary>
[MessageName("ftgo.delivery.courier-scheduled", 1)]
public sealed record CourierScheduledForDelivery(long DeliveryId, long CourierId, IReadOnlyList<CourierActionData> Actions);
