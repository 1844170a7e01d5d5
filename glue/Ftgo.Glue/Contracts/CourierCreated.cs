namespace Ftgo.Glue.Contracts;

/// <summary>
/// Event of Delivery: a courier was registered on the Delivery service, with the id it gave it (in
/// its own range, see <see cref="Acl.CourierIdRange"/>). It gives the monolith the whole
/// courier, so that a rollback of the delivery group finds it with its real name and address.
/// </summary>
[MessageName("ftgo.delivery.courier-created", 1)]
public sealed record CourierCreated(long CourierId, string FirstName, string LastName, AddressData Address, bool Available);
