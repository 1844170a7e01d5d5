using Ftgo.Glue.Acl;
using Ftgo.Glue.Contracts;
using Ftgo.Hosting.Json;
using Ftgo.Legacy.Data;
using Wolverine;

namespace Ftgo.Legacy.NewSideSync;

/// <summary>The food is ready: READY_FOR_PICKUP with its time.</summary>
public static class TicketReadyForPickupHandler
{
    public static async Task Handle(TicketReadyForPickup ready, LegacyDbContext db, LegacySync sync, IMessageContext bus,
        CancellationToken ct)
    {
        var order = await sync.OrderAsync(ready.OrderId, ready, ct);
        var ticket = OrderRows.Ticket(order, TicketStates.ReadyForPickup) with
        {
            ReadyForPickupTime = LocalTime.Normalize(ready.ReadyForPickupTime),
        };
        if (sync.Apply(order, ready, row => KitchenTranslator.ApplyTicket(row, ticket)))
        {
            await sync.CommitAsync(SyncOrigin.Kitchen, bus, ct);
        }
    }
}
