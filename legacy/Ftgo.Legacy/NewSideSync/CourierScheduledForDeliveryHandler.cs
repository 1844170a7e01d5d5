using Ftgo.Glue.Acl;
using Ftgo.Glue.Contracts;
using Ftgo.Hosting.Json;
using Ftgo.Legacy.Data;
using Ftgo.Legacy.Delivery;
using Ftgo.Legacy.Orders;
using Microsoft.EntityFrameworkCore;
using Wolverine;

namespace Ftgo.Legacy.NewSideSync;

/// <summary>
/// The Delivery service assigned a courier: the order gets it, and the courier's plan gets the
/// order's PICKUP and DROPOFF as the service planned them (any earlier plan of the order, by
/// another courier, is released). A plan already in place changes nothing; a cancelled order takes
/// nothing. Once the food is picked up, a scheduling is history — but only for an order that has its
/// courier: the events travel apart, so <see cref="DeliveryPickedUp"/> (or <see cref="DeliveryDelivered"/>)
/// may land first, and an order that has no courier then takes this one and its actions, forward
/// only (its state stays where it is; a known courier is never replaced after pickup). A courier the
/// monolith does not know is added by id, unavailable (see <see cref="LegacySync.CourierAsync"/>).
/// </summary>
public static class CourierScheduledForDeliveryHandler
{
    public static async Task Handle(CourierScheduledForDelivery scheduled, LegacyDbContext db, LegacySync sync,
        IMessageContext bus, CancellationToken ct)
    {
        var order = await sync.OrderAsync(scheduled.DeliveryId, scheduled, ct);
        if (!sync.Accepts(order, scheduled)
            || (order.State is OrderState.PickedUp or OrderState.Delivered && order.AssignedCourierId is not null))
        {
            return;
        }
        var plan = scheduled.Actions.Select(a => (Type: ActionType(a.Type), Time: LocalTime.Normalize(a.Time))).ToList();
        var existing = await db.CourierActions.Where(a => a.OrderId == order.Id).ToListAsync(ct);
        if (order.AssignedCourierId == scheduled.CourierId
            && existing.All(a => a.CourierId == scheduled.CourierId)
            && existing.Select(a => (a.Type, a.Time)).Order().SequenceEqual(plan.Order()))
        {
            return;
        }
        var courier = await sync.CourierAsync(scheduled.CourierId, availableIfNew: false, ct);
        db.CourierActions.RemoveRange(existing);
        courier.Plan(order.Id, plan);
        var delivery = OrderRows.Delivery(order, DeliveryStates.Scheduled) with { AssignedCourierId = scheduled.CourierId };
        sync.Apply(order, scheduled, row => DeliveryTranslator.ApplyDelivery(row, delivery));
        await sync.CommitAsync(SyncOrigin.Delivery, bus, ct);
    }

    private static CourierActionType ActionType(string type) => type switch
    {
        "PICKUP" => CourierActionType.Pickup,
        "DROPOFF" => CourierActionType.Dropoff,
        _ => throw new FormatException($"Unknown courier action type '{type}'."),
    };
}
