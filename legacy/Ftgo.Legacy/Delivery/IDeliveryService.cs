using Ftgo.Legacy.Orders;

namespace Ftgo.Legacy.Delivery;

/// <summary>
/// FTGO's seam between the order flow and delivery management. The monolith's implementation
/// plans couriers over the legacy tables; the extraction swaps in one that talks to the Delivery
/// service. Implementations change tracked entities only: the caller commits once.
/// </summary>
public interface IDeliveryService
{
    Task CreateDeliveryAsync(Order order, CancellationToken ct);
    Task ScheduleDeliveryAsync(Order order, DateTime readyBy, CancellationToken ct);
    Task CancelDeliveryAsync(Order order, CancellationToken ct);
    Task PickedUpAsync(long orderId, CancellationToken ct);
    Task DeliveredAsync(long orderId, CancellationToken ct);
}
