using Ftgo.Glue.Contracts;
using Ftgo.Legacy.Messaging;
using Ftgo.Legacy.Orders;
using Ftgo.Legacy.Strangler;

namespace Ftgo.Legacy.Kitchen;

/// <summary>
/// The kitchen as the Kitchen service: the monolith tells it of orders placed and cancelled (through
/// the outbox of the request), and refuses the kitchen's own commands with 410 — they belong to the
/// service (the gateway sends them there); the service's events bring their effect back to the
/// order row (see <c>NewSideSync/</c>).
/// </summary>
public sealed class RemoteKitchenService(LegacyOutbox outbox, OrderCohorts cohorts) : IKitchenService
{
    public Task CreateTicketAsync(Order order, CancellationToken ct)
    {
        outbox.PublishCreated(order);
        return Task.CompletedTask;
    }

    public Task CancelTicketAsync(Order order, CancellationToken ct)
    {
        outbox.Publish(() => new OrderCancelled(order.Id));
        return Task.CompletedTask;
    }

    public async Task AcceptAsync(long orderId, DateTime readyBy, CancellationToken ct) => throw await MovedAsync(orderId, "accept", ct);

    public async Task PreparingAsync(long orderId, CancellationToken ct) => throw await MovedAsync(orderId, "preparing", ct);

    public async Task ReadyForPickupAsync(long orderId, CancellationToken ct) => throw await MovedAsync(orderId, "ready", ct);

    private async Task<MovedToNewServiceException> MovedAsync(long orderId, string step, CancellationToken ct) =>
        new(StageRouting.Kitchen, await cohorts.StageForAsync(StageRouting.Kitchen, orderId, ct), $"The '{step}' step of order {orderId}");
}
