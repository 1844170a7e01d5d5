using Ftgo.Delivery.Data;
using Ftgo.Glue.Contracts;
using Ftgo.Hosting.Json;
using Ftgo.Hosting.Problems;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Delivery.Deliveries;

// The kitchen's events, recorded on the delivery as facts: a courier may only pick up food the
// kitchen declared ready (the monolith's rule), and the legacy contract names the order's state
// from them. Both handlers are idempotent.

public static class TicketPreparingHandler
{
    public static async Task Handle(TicketPreparing message, DeliveryDbContext db, CancellationToken ct)
    {
        var delivery = await db.Deliveries.FirstOrDefaultAsync(d => d.Id == message.OrderId, ct)
            ?? throw new NotFoundException("Delivery", message.OrderId);
        delivery.KitchenPreparing(LocalTime.Normalize(message.PreparingTime));
    }
}

public static class TicketReadyForPickupHandler
{
    public static async Task Handle(TicketReadyForPickup message, DeliveryDbContext db, CancellationToken ct)
    {
        var delivery = await db.Deliveries.FirstOrDefaultAsync(d => d.Id == message.OrderId, ct)
            ?? throw new NotFoundException("Delivery", message.OrderId);
        delivery.KitchenReadyForPickup(LocalTime.Normalize(message.ReadyForPickupTime));
    }
}
