using Ftgo.Glue.Contracts;
using Ftgo.Kitchen.Data;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Kitchen.Tickets;

/// <summary>
/// The courier picked the food up (Delivery's event): the ticket, READY_FOR_PICKUP, is PICKED_UP.
/// Idempotent: a ticket in any other state is left as it is.
/// </summary>
public static class DeliveryPickedUpHandler
{
    public static async Task Handle(DeliveryPickedUp pickedUp, KitchenDbContext db, CancellationToken ct)
    {
        var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == pickedUp.DeliveryId, ct);
        if (ticket is { State: TicketState.ReadyForPickup })
        {
            ticket.PickedUp(pickedUp.PickedUpTime);
            await db.SaveChangesAsync(ct);
        }
    }
}
