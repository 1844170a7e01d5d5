using Ftgo.Delivery.Data;
using Ftgo.Glue.Contracts;
using Ftgo.Hosting.Json;
using Ftgo.Hosting.Problems;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Delivery.Deliveries;

/// <summary>The courier picked the food up (SCHEDULED and ready for pickup → PICKED_UP).</summary>
public sealed record PickUpDelivery(long DeliveryId);

public static class PickUpDeliveryHandler
{
    public static async Task<DeliveryPickedUp> Handle(PickUpDelivery command, DeliveryDbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        var delivery = await db.Deliveries.FirstOrDefaultAsync(d => d.Id == command.DeliveryId, ct)
            ?? throw new NotFoundException("Delivery", command.DeliveryId);
        delivery.PickUp(LocalTime.Now(clock));
        return new DeliveryPickedUp(delivery.Id, delivery.PickedUpTime!.Value);
    }
}
