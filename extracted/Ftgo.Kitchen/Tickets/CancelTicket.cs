using Ftgo.Glue.Contracts;
using Ftgo.Kitchen.Data;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Kitchen.Tickets;

/// <summary>
/// The order was cancelled: cancel its ticket. Idempotent: a ticket already CANCELLED is left as it is.
/// </summary>
public static class OrderCancelledHandler
{
    public static async Task Handle(OrderCancelled order, KitchenDbContext db, CancellationToken ct)
    {
        var ticket = await db.Tickets.FirstOrDefaultAsync(t => t.Id == order.OrderId, ct);
        // An order cancelled before its ticket was opened has nothing to cancel here.
        ticket?.Cancel();
        await db.SaveChangesAsync(ct);
    }
}
