namespace Ftgo.Glue.Contracts;

/// <summary>
/// A courier started or stopped taking work on the Delivery service. <paramref name="Version"/> is the
/// courier's version after the change (0 from a sender that does not stamp one): availability goes on and
/// off, so a receiver skips a change older than one it applied.
/// </summary>
[MessageName("ftgo.delivery.courier-availability-changed", 1)]
public sealed record CourierAvailabilityChanged(long CourierId, bool Available, int Version = 0);
