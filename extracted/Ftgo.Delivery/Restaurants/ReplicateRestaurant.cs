using Ftgo.Delivery.Common;
using Ftgo.Delivery.Data;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Delivery.Restaurants;

/// <summary>
/// A restaurant of the monolith was created or changed (from CDC or a backfill): upsert the
/// replica, and give its address to the open deliveries that did not know where to pick up yet.
/// Idempotent.
/// </summary>
public sealed record ReplicateRestaurant(long RestaurantId, string Name, Address Address);

public static class ReplicateRestaurantHandler
{
    public static async Task Handle(ReplicateRestaurant command, DeliveryDbContext db, CancellationToken ct)
    {
        var restaurant = await db.Restaurants.FirstOrDefaultAsync(r => r.Id == command.RestaurantId, ct);
        if (restaurant is null)
        {
            db.Restaurants.Add(new Restaurant(command.RestaurantId, command.Name, command.Address));
        }
        else
        {
            restaurant.Update(command.Name, command.Address);
        }
        var open = await db.Deliveries
            .Where(d => d.RestaurantId == command.RestaurantId
                && (d.State == Deliveries.DeliveryState.Pending || d.State == Deliveries.DeliveryState.Scheduled))
            .ToListAsync(ct);
        foreach (var delivery in open)
        {
            delivery.LearnPickupAddress(command.Address);
        }
    }
}
