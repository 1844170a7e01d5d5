using Ftgo.Glue.Contracts;
using Ftgo.Legacy.Messaging;
using Ftgo.Legacy.Orders;
using Ftgo.Legacy.Strangler;

namespace Ftgo.Legacy.Delivery;

/// <summary>
/// Delivery management as the Delivery service: the monolith sends it its commands through the
/// outbox of the request — <see cref="ScheduleDelivery"/> when an order is accepted,
/// <see cref="CancelDelivery"/> when one is cancelled — and tells it of orders placed. The courier
/// is then chosen by the service (which knows who is available) and comes back by event
/// (<see cref="CourierScheduledForDelivery"/>): an accept answers 200 at once, and the order shows
/// its courier when that event has been applied. Pickup and delivery belong to the service: here
/// they are refused with 410.
/// </summary>
public sealed class RemoteDeliveryService(LegacyOutbox outbox, OrderCohorts cohorts) : IDeliveryService
{
    public Task CreateDeliveryAsync(Order order, CancellationToken ct)
    {
        outbox.PublishCreated(order);
        return Task.CompletedTask;
    }

    public Task ScheduleDeliveryAsync(Order order, DateTime readyBy, CancellationToken ct)
    {
        outbox.Send(() => OrderMessages.ScheduleDelivery(order, readyBy));
        return Task.CompletedTask;
    }

    public Task CancelDeliveryAsync(Order order, CancellationToken ct)
    {
        outbox.Send(() => new CancelDelivery(order.Id));
        return Task.CompletedTask;
    }

    public async Task PickedUpAsync(long orderId, CancellationToken ct) => throw await MovedAsync(orderId, "pickedup", ct);

    public async Task DeliveredAsync(long orderId, CancellationToken ct) => throw await MovedAsync(orderId, "delivered", ct);

    private async Task<MovedToNewServiceException> MovedAsync(long orderId, string step, CancellationToken ct) =>
        new(StageRouting.Delivery, await cohorts.StageForAsync(StageRouting.Delivery, orderId, ct), $"The '{step}' step of order {orderId}");
}
