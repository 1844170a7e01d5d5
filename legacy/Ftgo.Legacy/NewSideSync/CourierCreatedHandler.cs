using Ftgo.Glue.Acl;
using Ftgo.Glue.Contracts;
using Ftgo.Legacy.Common;
using Ftgo.Legacy.Data;
using Wolverine;

namespace Ftgo.Legacy.NewSideSync;

/// <summary>
/// A courier was registered on the Delivery service: the monolith gets the whole courier under the
/// id the service gave it, so that a rollback of the delivery group finds it as it was registered.
/// </summary>
public static class CourierCreatedHandler
{
    public static async Task Handle(CourierCreated created, LegacyDbContext db, LegacySync sync, IMessageContext bus,
        CancellationToken ct)
    {
        var a = created.Address;
        await sync.RegisterCourierAsync(created.CourierId, new PersonName(created.FirstName, created.LastName),
            new Address(a.Street1, a.City, a.State, a.Zip) { Street2 = a.Street2 }, created.Available, ct);
        await sync.CommitAsync(SyncOrigin.Delivery, bus, ct);
    }
}
