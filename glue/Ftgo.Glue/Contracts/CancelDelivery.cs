namespace Ftgo.Glue.Contracts;

/// <summary>Command to Delivery: the order was cancelled; release its courier actions.</summary>
[MessageName("ftgo.delivery.cancel-delivery", 1)]
public sealed record CancelDelivery(long OrderId);
