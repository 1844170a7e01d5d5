using Ftgo.Legacy.Orders;

namespace Ftgo.Legacy.Kitchen;

/// <summary>
/// FTGO's seam between the order flow and the kitchen. The monolith's own implementation keeps
/// kitchen state on the order row; the extraction swaps in one that talks to the Kitchen service.
/// Implementations change tracked entities only: the caller commits once.
/// </summary>
public interface IKitchenService
{
    Task CreateTicketAsync(Order order, CancellationToken ct);
    Task CancelTicketAsync(Order order, CancellationToken ct);
    Task AcceptAsync(long orderId, DateTime readyBy, CancellationToken ct);
    Task PreparingAsync(long orderId, CancellationToken ct);
    Task ReadyForPickupAsync(long orderId, CancellationToken ct);
}
