using Ftgo.Delivery.Couriers;
using Ftgo.Delivery.Data;
using Ftgo.Glue.Contracts;
using Ftgo.Hosting.Json;
using Ftgo.Hosting.Problems;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Delivery.Deliveries;

/// <summary>
/// The order was accepted: assign the available courier with the fewest planned actions (lowest
/// id on a tie) and plan PICKUP at readyBy, DROPOFF 30 minutes later. With no courier available
/// it fails with 409 <c>no-courier-available</c> and nothing changes. A redelivered command
/// (same delivery already scheduled for the same readyBy) changes nothing and publishes nothing.
/// </summary>
public static class ScheduleDeliveryHandler
{
    public static async Task<CourierScheduledForDelivery?> Handle(ScheduleDelivery command, DeliveryDbContext db,
        TimeProvider clock, CancellationToken ct)
    {
        var delivery = await db.Deliveries.FirstOrDefaultAsync(d => d.Id == command.OrderId, ct)
            ?? throw new NotFoundException("Delivery", command.OrderId);
        var readyBy = LocalTime.Normalize(command.ReadyBy);
        if (delivery.State == DeliveryState.Scheduled && delivery.ReadyBy == readyBy)
        {
            return null;
        }
        delivery.Require(DeliveryTrigger.Schedule);

        var courier = await CourierSelector.ChooseAsync(db, ct)
            ?? throw new ConflictException(
                $"No courier is available to deliver order {delivery.Id}; the delivery stays PENDING.",
                "no-courier-available");
        var actions = courier.Plan(delivery.Id, readyBy);
        // The scheduled time is the order's acceptance, as the monolith records it (the ACL maps one to
        // the other), not the moment this message happens to be handled.
        delivery.Schedule(courier.Id, readyBy, command.AcceptTime is { } accepted ? LocalTime.Normalize(accepted) : LocalTime.Now(clock));
        if (delivery.PickupAddress is null
            && await db.Restaurants.AsNoTracking().FirstOrDefaultAsync(r => r.Id == delivery.RestaurantId, ct) is { } restaurant)
        {
            delivery.LearnPickupAddress(restaurant.Address);
        }
        return new CourierScheduledForDelivery(delivery.Id, courier.Id,
            actions.Select(a => new CourierActionData(CourierAction.Name(a.Type), a.Time)).ToList());
    }
}
