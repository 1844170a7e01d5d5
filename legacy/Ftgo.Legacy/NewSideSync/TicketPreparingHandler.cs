using Ftgo.Glue.Acl;
using Ftgo.Glue.Contracts;
using Ftgo.Hosting.Json;
using Ftgo.Legacy.Data;
using Wolverine;

namespace Ftgo.Legacy.NewSideSync;

/// <summary>The kitchen started preparing: PREPARING with its time.</summary>
public static class TicketPreparingHandler
{
    public static async Task Handle(TicketPreparing preparing, LegacyDbContext db, LegacySync sync, IMessageContext bus,
        CancellationToken ct)
    {
        var order = await sync.OrderAsync(preparing.OrderId, preparing, ct);
        var ticket = OrderRows.Ticket(order, TicketStates.Preparing) with { PreparingTime = LocalTime.Normalize(preparing.PreparingTime) };
        if (sync.Apply(order, preparing, row => KitchenTranslator.ApplyTicket(row, ticket)))
        {
            await sync.CommitAsync(SyncOrigin.Kitchen, bus, ct);
        }
    }
}
