using Ftgo.Legacy.Orders;
using Ftgo.Legacy.Strangler;
using Ftgo.Stages;

namespace Ftgo.Legacy.Delivery;

/// <summary>
/// The delivery seam the monolith uses: per order, the <c>delivery</c> group's side for that order —
/// read from the flags at each call — picks the in-process delivery management (legacy side) or the
/// Delivery service (new side). Orders placed and cancelled are also told to the Delivery service
/// whenever the group is past <c>off</c>: its delivery then exists before any step of the order is
/// switched over, and a cancelled order's delivery is cancelled there too (both idempotent).
/// </summary>
public sealed class StageRoutedDeliveryService(InProcessDeliveryService inProcess, RemoteDeliveryService remote, StageRouting routing,
    OrderCohorts cohorts, SeamCalls calls)
    : IDeliveryService
{
    public async Task CreateDeliveryAsync(Order order, CancellationToken ct)
    {
        await inProcess.CreateDeliveryAsync(order, ct);
        if (routing.InPlay(StageRouting.Delivery))
        {
            await remote.CreateDeliveryAsync(order, ct);
        }
    }

    public Task ScheduleDeliveryAsync(Order order, DateTime readyBy, CancellationToken ct) =>
        For(routing.SideFor(StageRouting.Delivery, order), "schedule").ScheduleDeliveryAsync(order, readyBy, ct);

    public async Task CancelDeliveryAsync(Order order, CancellationToken ct)
    {
        // The legacy rows are released either way: after a switch back, no stale action may stay.
        await inProcess.CancelDeliveryAsync(order, ct);
        if (routing.InPlay(StageRouting.Delivery))
        {
            await remote.CancelDeliveryAsync(order, ct);
        }
    }

    public async Task PickedUpAsync(long orderId, CancellationToken ct) =>
        await For(await cohorts.SideForAsync(StageRouting.Delivery, orderId, ct), "pickedup").PickedUpAsync(orderId, ct);

    public async Task DeliveredAsync(long orderId, CancellationToken ct) =>
        await For(await cohorts.SideForAsync(StageRouting.Delivery, orderId, ct), "delivered").DeliveredAsync(orderId, ct);

    private IDeliveryService For(Side side, string operation)
    {
        if (side == Side.New)
        {
            return remote;
        }
        calls.InProcess(StageRouting.Delivery, operation);
        return inProcess;
    }
}
