namespace Ftgo.Glue.Contracts;

[MessageName("ftgo.delivery.courier-availability-changed", 1)]
public sealed record CourierAvailabilityChanged(long CourierId, bool Available);
