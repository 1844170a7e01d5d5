using Ftgo.Glue.Contracts;
using Ftgo.Kitchen.Data;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Kitchen.Tickets;

// The two messages that open a ticket: the monolith's command (while it routes the kitchen) and the
// order's creation. Idempotent: a redelivered message finds the ticket already there and changes nothing.

public static class CreateTicketHandler
{
    public static Task Handle(CreateTicket command, KitchenDbContext db, CancellationToken ct) =>
        TicketOpening.OpenAsync(db, command.OrderId, command.RestaurantId,
            command.LineItems.Select(l => new TicketLineItem(l.MenuItemId, l.Name, l.Quantity)), ct);
}

public static class OrderCreatedHandler
{
    public static Task Handle(OrderCreated order, KitchenDbContext db, CancellationToken ct) =>
        TicketOpening.OpenAsync(db, order.OrderId, order.RestaurantId,
            order.LineItems.Select(l => new TicketLineItem(l.MenuItemId, l.Name, l.Quantity)), ct);
}

internal static class TicketOpening
{
    public static async Task OpenAsync(KitchenDbContext db, long orderId, long restaurantId,
        IEnumerable<TicketLineItem> lineItems, CancellationToken ct)
    {
        if (await db.Tickets.AnyAsync(t => t.Id == orderId, ct))
        {
            return;
        }
        db.Tickets.Add(Ticket.Create(orderId, restaurantId, lineItems));
        await db.SaveChangesAsync(ct);
    }
}
