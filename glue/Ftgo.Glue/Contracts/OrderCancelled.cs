namespace Ftgo.Glue.Contracts;

/// <summary>Event of the monolith: an order was cancelled.</summary>
[MessageName("ftgo.orders.order-cancelled", 1)]
public sealed record OrderCancelled(long OrderId);
