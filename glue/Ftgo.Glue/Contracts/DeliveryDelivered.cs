namespace Ftgo.Glue.Contracts;

[MessageName("ftgo.delivery.delivery-delivered", 1)]
public sealed record DeliveryDelivered(long DeliveryId, DateTime DeliveredTime);
