using Ftgo.Delivery.Data;
using Ftgo.Glue.Contracts;
using Ftgo.Hosting.Json;
using Ftgo.Hosting.Problems;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Delivery.Deliveries;

/// <summary>
/// The order was cancelled: cancel its delivery and release the courier's actions for it.
/// Idempotent: a delivery already CANCELLED is left as it is.
/// </summary>
public static class CancelDeliveryHandler
{
    public static async Task Handle(CancelDelivery command, DeliveryDbContext db, TimeProvider clock, CancellationToken ct)
    {
        var delivery = await db.Deliveries.FirstOrDefaultAsync(d => d.Id == command.OrderId, ct)
            ?? throw new NotFoundException("Delivery", command.OrderId);
        if (delivery.State == DeliveryState.Cancelled)
        {
            return;
        }
        delivery.Cancel(LocalTime.Now(clock));
        var couriers = await db.Couriers.Include(c => c.Actions)
            .Where(c => c.Actions.Any(a => a.DeliveryId == delivery.Id))
            .ToListAsync(ct);
        foreach (var courier in couriers)
        {
            courier.Release(delivery.Id);
        }
    }
}
