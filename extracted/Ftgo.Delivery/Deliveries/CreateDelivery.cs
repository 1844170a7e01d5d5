using Ftgo.Delivery.Common;
using Ftgo.Delivery.Data;
using Ftgo.Glue.Contracts;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Delivery.Deliveries;

/// <summary>
/// An order was placed: open its delivery, PENDING until a courier is scheduled. Idempotent: a
/// redelivered message finds the delivery already there and changes nothing.
/// </summary>
public static class OrderCreatedHandler
{
    public static async Task Handle(OrderCreated message, DeliveryDbContext db, CancellationToken ct)
    {
        if (await db.Deliveries.AnyAsync(d => d.Id == message.OrderId, ct))
        {
            return;
        }
        var restaurant = await db.Restaurants.AsNoTracking().FirstOrDefaultAsync(r => r.Id == message.RestaurantId, ct);
        db.Deliveries.Add(Delivery.Create(message.OrderId, message.RestaurantId, message.DeliveryAddress.ToAddress(),
            Hosting.Json.LocalTime.Normalize(message.DeliveryTime), restaurant?.Address));
    }
}
