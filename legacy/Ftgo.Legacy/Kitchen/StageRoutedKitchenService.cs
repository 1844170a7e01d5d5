using Ftgo.Legacy.Orders;
using Ftgo.Legacy.Strangler;
using Ftgo.Stages;

namespace Ftgo.Legacy.Kitchen;

/// <summary>
/// The kitchen seam the monolith uses: per order, the <c>kitchen</c> group's side for that order —
/// read from the flags at each call — picks the in-process kitchen (legacy side: off, dualwrite,
/// shadow, live outside the percent) or the Kitchen service (live inside the percent, rampdown,
/// complete). Orders placed and cancelled are also announced to the Kitchen service whenever the
/// group is past <c>off</c>, so that its tickets exist before any order of theirs is switched over.
/// </summary>
public sealed class StageRoutedKitchenService(InProcessKitchenService inProcess, RemoteKitchenService remote, StageRouting routing,
    OrderCohorts cohorts, SeamCalls calls)
    : IKitchenService
{
    public async Task CreateTicketAsync(Order order, CancellationToken ct)
    {
        await inProcess.CreateTicketAsync(order, ct);
        if (routing.InPlay(StageRouting.Kitchen))
        {
            await remote.CreateTicketAsync(order, ct);
        }
    }

    public async Task CancelTicketAsync(Order order, CancellationToken ct)
    {
        await inProcess.CancelTicketAsync(order, ct);
        if (routing.InPlay(StageRouting.Kitchen))
        {
            await remote.CancelTicketAsync(order, ct);
        }
    }

    public async Task AcceptAsync(long orderId, DateTime readyBy, CancellationToken ct) =>
        await (await ForAsync(orderId, "accept", ct)).AcceptAsync(orderId, readyBy, ct);

    public async Task PreparingAsync(long orderId, CancellationToken ct) => await (await ForAsync(orderId, "preparing", ct)).PreparingAsync(orderId, ct);

    public async Task ReadyForPickupAsync(long orderId, CancellationToken ct) =>
        await (await ForAsync(orderId, "ready", ct)).ReadyForPickupAsync(orderId, ct);

    private async Task<IKitchenService> ForAsync(long orderId, string operation, CancellationToken ct)
    {
        if (await cohorts.SideForAsync(StageRouting.Kitchen, orderId, ct) == Side.New)
        {
            return remote;
        }
        calls.InProcess(StageRouting.Kitchen, operation);
        return inProcess;
    }
}
