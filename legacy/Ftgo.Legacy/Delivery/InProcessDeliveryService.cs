using Ftgo.Glue.Contracts;
using Ftgo.Hosting.Json;
using Ftgo.Hosting.Problems;
using Ftgo.Legacy.Data;
using Ftgo.Legacy.Messaging;
using Ftgo.Legacy.Orders;
using Ftgo.Legacy.Strangler;
using Ftgo.Stages;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Legacy.Delivery;

/// <summary>
/// The monolith's delivery management over the legacy tables. When the order's kitchen is on the
/// new side, a pickup done here is published (<see cref="DeliveryPickedUp"/>) for the Kitchen
/// service's ticket, as the Delivery service would.
/// </summary>
public sealed class InProcessDeliveryService(LegacyDbContext db, OrderRepository orders, StageRouting routing,
    LegacyOutbox outbox, TimeProvider clock) : IDeliveryService
{
    // Delivery state lives on the order row: there is no separate delivery to create.
    public Task CreateDeliveryAsync(Order order, CancellationToken ct) => Task.CompletedTask;

    /// <summary>
    /// Assigns the available courier with the fewest planned actions (lowest id on a tie) and
    /// plans PICKUP at readyBy, DROPOFF 30 minutes later. With no courier available the accept
    /// fails with 409 <c>no-courier-available</c> and nothing is changed.
    /// </summary>
    public async Task ScheduleDeliveryAsync(Order order, DateTime readyBy, CancellationToken ct)
    {
        var courier = await db.Couriers
            .Where(c => c.Available)
            .OrderBy(c => db.CourierActions.Count(a => a.CourierId == c.Id))
            .ThenBy(c => c.Id)
            .FirstOrDefaultAsync(ct)
            ?? throw new ConflictException(
                $"No courier is available to deliver order {order.Id}; the order stays APPROVED.",
                NoCourierAvailable);
        courier.Schedule(order.Id, readyBy);
        order.AssignCourier(courier.Id);
    }

    /// <summary>The problem code of an accept refused for want of a courier.</summary>
    public const string NoCourierAvailable = "no-courier-available";

    public async Task CancelDeliveryAsync(Order order, CancellationToken ct)
    {
        var actions = await db.CourierActions.Where(a => a.OrderId == order.Id).ToListAsync(ct);
        db.CourierActions.RemoveRange(actions);
    }

    public async Task PickedUpAsync(long orderId, CancellationToken ct)
    {
        var order = await orders.GetAsync(orderId, ct);
        order.PickedUp(LocalTime.Now(clock));
        if (routing.SideFor(StageRouting.Kitchen, order) == Side.New)
        {
            outbox.Publish(() => new DeliveryPickedUp(order.Id, order.PickedUpTime!.Value));
        }
    }

    public async Task DeliveredAsync(long orderId, CancellationToken ct) =>
        (await orders.GetAsync(orderId, ct)).Delivered(LocalTime.Now(clock));
}
