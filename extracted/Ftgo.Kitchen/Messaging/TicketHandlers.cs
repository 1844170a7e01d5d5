using Ftgo.Glue.Contracts;
using Ftgo.Kitchen.Data;
using Ftgo.Kitchen.Tickets;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Kitchen.Messaging;

// The messages Kitchen listens to (queue `kitchen`, see Ftgo.Messaging's MessageRoutes). Each is
// idempotent on its own: a redelivered message finds its work already done and changes nothing.

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
