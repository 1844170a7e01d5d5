using Ftgo.Hosting.Problems;
using Ftgo.Legacy.Data;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Legacy.Orders;

/// <summary>Builds FTGO's GetOrderResponse: the order, its restaurant's name and its courier's actions.</summary>
public sealed class OrderQueries(LegacyDbContext db)
{
    public async Task<GetOrderResponse> GetAsync(long orderId, CancellationToken ct)
    {
        var order = await db.Orders.AsNoTracking().Include(o => o.LineItems)
            .FirstOrDefaultAsync(o => o.Id == orderId, ct)
            ?? throw new NotFoundException("Order", orderId);
        return (await ToResponsesAsync([order], ct))[0];
    }

    public async Task<IReadOnlyList<GetOrderResponse>> ForConsumerAsync(long consumerId, CancellationToken ct)
    {
        var found = await db.Orders.AsNoTracking().Include(o => o.LineItems)
            .Where(o => o.ConsumerId == consumerId).OrderBy(o => o.Id).ToListAsync(ct);
        return await ToResponsesAsync(found, ct);
    }

    private async Task<IReadOnlyList<GetOrderResponse>> ToResponsesAsync(IReadOnlyList<Order> found, CancellationToken ct)
    {
        var restaurantIds = found.Select(o => o.RestaurantId).Distinct().ToList();
        var names = await db.Restaurants.AsNoTracking().Where(r => restaurantIds.Contains(r.Id))
            .ToDictionaryAsync(r => r.Id, r => r.Name, ct);
        var orderIds = found.Where(o => o.AssignedCourierId != null).Select(o => o.Id).ToList();
        var actions = (await db.CourierActions.AsNoTracking().Where(a => orderIds.Contains(a.OrderId)).ToListAsync(ct))
            .ToLookup(a => a.OrderId);
        return found.Select(o => new GetOrderResponse(
            o.Id,
            o.State,
            o.OrderTotal,
            names.GetValueOrDefault(o.RestaurantId, ""),
            o.AssignedCourierId,
            actions[o.Id].Where(a => a.CourierId == o.AssignedCourierId)
                .OrderBy(a => a.Time).ThenBy(a => a.Type)
                .Select(a => new OrderCourierAction(a.Type == Delivery.CourierActionType.Pickup ? "PICKUP" : "DROPOFF", a.Time))
                .ToList())).ToList();
    }
}
