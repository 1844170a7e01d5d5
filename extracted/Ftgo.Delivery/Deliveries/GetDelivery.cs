using Ftgo.Delivery.Common;
using Ftgo.Delivery.Couriers;
using Ftgo.Delivery.Data;
using Ftgo.Hosting.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Delivery.Deliveries;

/// <summary>The Delivery service's own view of a delivery (not a legacy shape).</summary>
public sealed record DeliveryResponse(
    long Id,
    DeliveryState State,
    long RestaurantId,
    Address? PickupAddress,
    Address DeliveryAddress,
    DateTime PromisedDeliveryTime,
    DateTime? ReadyBy,
    long? AssignedCourierId,
    IReadOnlyList<DeliveryActionResponse> CourierActions,
    DateTime? ScheduledTime,
    DateTime? PreparingTime,
    DateTime? ReadyForPickupTime,
    DateTime? PickedUpTime,
    DateTime? DeliveredTime,
    DateTime? CancelledTime);

public sealed record DeliveryActionResponse(string Type, DateTime Time);

public static class GetDelivery
{
    public static async Task<Ok<DeliveryResponse>> Handle(long deliveryId, DeliveryDbContext db, CancellationToken ct)
    {
        var d = await db.Deliveries.AsNoTracking().FirstOrDefaultAsync(x => x.Id == deliveryId, ct)
            ?? throw new NotFoundException("Delivery", deliveryId);
        var actions = await db.CourierActions.AsNoTracking()
            .Where(a => a.DeliveryId == deliveryId && a.CourierId == d.AssignedCourierId)
            .ToListAsync(ct);
        return TypedResults.Ok(new DeliveryResponse(
            d.Id, d.State, d.RestaurantId, d.PickupAddress, d.DeliveryAddress, d.PromisedDeliveryTime, d.ReadyBy,
            d.AssignedCourierId,
            actions.OrderBy(a => a.Time).ThenBy(a => a.Type)
                .Select(a => new DeliveryActionResponse(CourierAction.Name(a.Type), a.Time)).ToList(),
            d.ScheduledTime, d.PreparingTime, d.ReadyForPickupTime, d.PickedUpTime, d.DeliveredTime, d.CancelledTime));
    }
}
