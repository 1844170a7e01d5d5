using Ftgo.Glue.Acl;
using Ftgo.Glue.Contracts;
using Ftgo.Legacy.Data;
using Wolverine;

namespace Ftgo.Legacy.NewSideSync;

/// <summary>
/// A courier started or stopped taking work on the Delivery service. A courier the monolith does not
/// know is added by id (see <see cref="LegacySync.CourierAsync"/>). Availability goes on and off, so a
/// change carries the courier's version, and one that overtook a newer change on the bus is skipped.
/// </summary>
public static class CourierAvailabilityChangedHandler
{
    public const string Stream = "courier-availability";

    public static async Task Handle(CourierAvailabilityChanged changed, LegacyDbContext db, LegacySync sync, IMessageContext bus,
        ILogger<CourierAvailabilityChanged> log, CancellationToken ct)
    {
        if (!await sync.NewerAsync(Stream, changed.CourierId, changed.Version, ct))
        {
            log.LogInformation("Skipped courier {CourierId}'s availability {Available} at version {Version}: a newer change was applied",
                changed.CourierId, changed.Available, changed.Version);
            await sync.CommitAsync(SyncOrigin.Delivery, bus, ct);
            return;
        }
        var courier = await sync.CourierAsync(changed.CourierId, availableIfNew: changed.Available, ct);
        courier.SetAvailable(changed.Available);
        await sync.CommitAsync(SyncOrigin.Delivery, bus, ct);
    }
}
