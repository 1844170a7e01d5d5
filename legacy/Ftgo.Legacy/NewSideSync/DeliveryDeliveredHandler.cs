using Ftgo.Glue.Acl;
using Ftgo.Glue.Contracts;
using Ftgo.Hosting.Json;
using Ftgo.Legacy.Data;
using Wolverine;

namespace Ftgo.Legacy.NewSideSync;

/// <summary>The courier handed the food over: DELIVERED with its time.</summary>
public static class DeliveryDeliveredHandler
{
    public static async Task Handle(DeliveryDelivered delivered, LegacyDbContext db, LegacySync sync, IMessageContext bus,
        CancellationToken ct)
    {
        var order = await sync.OrderAsync(delivered.DeliveryId, delivered, ct);
        var delivery = OrderRows.Delivery(order, DeliveryStates.Delivered) with { DeliveredTime = LocalTime.Normalize(delivered.DeliveredTime) };
        if (sync.Apply(order, delivered, row => DeliveryTranslator.ApplyDelivery(row, delivery)))
        {
            await sync.CommitAsync(SyncOrigin.Delivery, bus, ct);
        }
    }
}
