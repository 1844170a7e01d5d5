using Ftgo.Delivery.Data;
using Ftgo.Glue.Contracts;
using Ftgo.Hosting.Json;
using Ftgo.Hosting.Problems;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Delivery.Deliveries;

/// <summary>The courier handed the food over (PICKED_UP → DELIVERED).</summary>
public sealed record DeliverDelivery(long DeliveryId);

public static class DeliverDeliveryHandler
{
    public static async Task<DeliveryDelivered> Handle(DeliverDelivery command, DeliveryDbContext db, TimeProvider clock,
        CancellationToken ct)
    {
        var delivery = await db.Deliveries.FirstOrDefaultAsync(d => d.Id == command.DeliveryId, ct)
            ?? throw new NotFoundException("Delivery", command.DeliveryId);
        delivery.Deliver(LocalTime.Now(clock));
        return new DeliveryDelivered(delivery.Id, delivery.DeliveredTime!.Value);
    }
}
