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
    SeamCalls calls)
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

    public Task AcceptAsync(long orderId, DateTime readyBy, CancellationToken ct) =>
        For(orderId, "accept").AcceptAsync(orderId, readyBy, ct);

    public Task PreparingAsync(long orderId, CancellationToken ct) => For(orderId, "preparing").PreparingAsync(orderId, ct);

    public Task ReadyForPickupAsync(long orderId, CancellationToken ct) => For(orderId, "ready").ReadyForPickupAsync(orderId, ct);

    private IKitchenService For(long orderId, string operation)
    {
        if (routing.SideFor(StageRouting.Kitchen, orderId) == Side.New)
        {
            return remote;
        }
        calls.InProcess(StageRouting.Kitchen, operation);
        return inProcess;
    }
}
