using Ftgo.Hosting.Json;
using Ftgo.Legacy.Delivery;
using Ftgo.Legacy.Orders;

namespace Ftgo.Legacy.Kitchen;

/// <summary>The monolith's kitchen: its state is the order row, so a ticket needs no record of its own.</summary>
internal sealed class InProcessKitchenService(OrderRepository orders, IDeliveryService delivery, TimeProvider clock)
    : IKitchenService
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

    public async Task PreparingAsync(long orderId, CancellationToken ct) =>
        (await orders.GetAsync(orderId, ct)).Preparing(LocalTime.Now(clock));

    public async Task ReadyForPickupAsync(long orderId, CancellationToken ct) =>
        (await orders.GetAsync(orderId, ct)).ReadyForPickup(LocalTime.Now(clock));
}
