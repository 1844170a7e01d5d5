using Ftgo.Glue.Acl;
using Ftgo.Glue.Contracts;
using Ftgo.Legacy.Data;
using Wolverine;

namespace Ftgo.Legacy.Glue;

/// <summary>
/// A courier started or stopped taking work on the Delivery service. A courier the monolith does not
/// know is added by id (see <see cref="LegacySync.CourierAsync"/>). The contract carries no version,
/// so two changes of one courier delivered out of order end as the later-applied one says.
/// </summary>
public static class CourierAvailabilityChangedHandler
{
    public static async Task Handle(CourierAvailabilityChanged changed, LegacyDbContext db, LegacySync sync, IMessageContext bus,
        CancellationToken ct)
    {
        var courier = await sync.CourierAsync(changed.CourierId, availableIfNew: changed.Available, ct);
        courier.SetAvailable(changed.Available);
        await sync.CommitAsync(SyncOrigin.Delivery, bus, ct);
    }
}
