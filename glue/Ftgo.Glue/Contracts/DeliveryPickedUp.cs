namespace Ftgo.Glue.Contracts;

[MessageName("ftgo.delivery.delivery-picked-up", 1)]
public sealed record DeliveryPickedUp(long DeliveryId, DateTime PickedUpTime);
