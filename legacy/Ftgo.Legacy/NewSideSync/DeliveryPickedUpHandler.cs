using Ftgo.Glue.Acl;
using Ftgo.Glue.Contracts;
using Ftgo.Hosting.Json;
using Ftgo.Legacy.Data;
using Wolverine;

namespace Ftgo.Legacy.NewSideSync;

/// <summary>The courier picked the food up: PICKED_UP with its time.</summary>
public static class DeliveryPickedUpHandler
{
    public static async Task Handle(DeliveryPickedUp pickedUp, LegacyDbContext db, LegacySync sync, IMessageContext bus,
        CancellationToken ct)
    {
        var order = await sync.OrderAsync(pickedUp.DeliveryId, pickedUp, ct);
        var delivery = OrderRows.Delivery(order, DeliveryStates.PickedUp) with { PickedUpTime = LocalTime.Normalize(pickedUp.PickedUpTime) };
        if (sync.Apply(order, pickedUp, row => DeliveryTranslator.ApplyDelivery(row, delivery)))
        {
            await sync.CommitAsync(SyncOrigin.Delivery, bus, ct);
        }
    }
}
