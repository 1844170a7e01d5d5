using Ftgo.Glue.Acl;
using Ftgo.Glue.Contracts;
using Ftgo.Hosting.Json;
using Ftgo.Legacy.Data;
using Ftgo.Legacy.Delivery;
using Wolverine;

namespace Ftgo.Legacy.NewSideSync;

/// <summary>
/// The Kitchen service accepted the order: ACCEPTED with its readyBy and accept time, then — as
/// FTGO's monolith orchestrates it — its delivery is scheduled through the stage-routed delivery
/// seam (a courier of the monolith now, or <see cref="ScheduleDelivery"/> to the Delivery service).
/// </summary>
public static class TicketAcceptedHandler
{
    public static async Task Handle(TicketAccepted accepted, LegacyDbContext db, LegacySync sync, IDeliveryService delivery,
        IMessageContext bus, CancellationToken ct)
    {
        var order = await sync.OrderAsync(accepted.OrderId, accepted, ct);
        var firstAcceptance = order.ReadyBy is null;
        var ticket = OrderRows.Ticket(order, TicketStates.Accepted) with
        {
            ReadyBy = LocalTime.Normalize(accepted.ReadyBy),
            AcceptTime = LocalTime.Normalize(accepted.AcceptTime),
        };
        if (!sync.Apply(order, accepted, row => KitchenTranslator.ApplyTicket(row, ticket)))
        {
            return;
        }
        if (firstAcceptance && order.AssignedCourierId is null)
        {
            await sync.ScheduleDeliveryAsync(order, delivery, ct);
        }
        await sync.CommitAsync(SyncOrigin.Kitchen, bus, ct);
    }
}
