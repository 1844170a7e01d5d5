using Ftgo.Glue.Contracts;
using Ftgo.Hosting.Json;
using Ftgo.Legacy.Delivery;
using Ftgo.Legacy.Messaging;
using Ftgo.Legacy.Orders;
using Ftgo.Legacy.Strangler;
using Ftgo.Stages;

namespace Ftgo.Legacy.Kitchen;

/// <summary>
/// The monolith's kitchen: its state is the order row, so a ticket needs no record of its own. When
/// the order's delivery is on the new side, this kitchen is still the one the Delivery service hears
/// from: it publishes the kitchen's facts (<see cref="TicketPreparing"/>, <see cref="TicketReadyForPickup"/>)
/// as the Kitchen service would, since a courier there may only pick up food declared ready.
/// </summary>
public sealed class InProcessKitchenService(OrderRepository orders, IDeliveryService delivery, StageRouting routing,
    LegacyOutbox outbox, TimeProvider clock) : IKitchenService
{
    // The order row is the ticket: creating or cancelling it is the order's own change.
    public Task CreateTicketAsync(Order order, CancellationToken ct) => Task.CompletedTask;

    public Task CancelTicketAsync(Order order, CancellationToken ct) => Task.CompletedTask;

    public async Task AcceptAsync(long orderId, DateTime readyBy, CancellationToken ct)
    {
        var order = await orders.GetAsync(orderId, ct);
        order.Accept(LocalTime.Normalize(readyBy), LocalTime.Now(clock));
        await delivery.ScheduleDeliveryAsync(order, order.ReadyBy!.Value, ct);
    }

    public async Task PreparingAsync(long orderId, CancellationToken ct)
    {
        var order = await orders.GetAsync(orderId, ct);
        order.Preparing(LocalTime.Now(clock));
        if (routing.SideFor(StageRouting.Delivery, order) == Side.New)
        {
            outbox.Publish(() => new TicketPreparing(order.Id, order.PreparingTime!.Value));
        }
    }

    public async Task ReadyForPickupAsync(long orderId, CancellationToken ct)
    {
        var order = await orders.GetAsync(orderId, ct);
        order.ReadyForPickup(LocalTime.Now(clock));
        if (routing.SideFor(StageRouting.Delivery, order) == Side.New)
        {
            outbox.Publish(() => new TicketReadyForPickup(order.Id, order.ReadyForPickupTime!.Value));
        }
    }
}
