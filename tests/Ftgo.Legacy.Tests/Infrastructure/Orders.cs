using Ftgo.Legacy.Orders;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Legacy.Tests.Infrastructure;

/// <summary>The order row and its courier actions as the legacy tables hold them (a fresh context each time).</summary>
public static class Orders
{
    public static Task<Order> OrderRowAsync(this LegacyApp app, long orderId) =>
        app.QueryAsync(db => db.Orders.AsNoTracking().SingleAsync(o => o.Id == orderId));

    /// <summary>The order's courier actions: (courier, type, time), ordered.</summary>
    public static Task<List<(long CourierId, string Type, DateTime Time)>> ActionsOfAsync(this LegacyApp app, long orderId) =>
        app.QueryAsync(async db => (await db.CourierActions.AsNoTracking().Where(a => a.OrderId == orderId).ToListAsync())
            .Select(a => (a.CourierId, a.Type == Ftgo.Legacy.Delivery.CourierActionType.Pickup ? "PICKUP" : "DROPOFF", a.Time))
            .OrderBy(a => a.Time).ThenBy(a => a.Item2).ToList());

    /// <summary>Makes every courier of the database unavailable (tests that need none to be).</summary>
    public static Task NoCourierAvailableAsync(this LegacyApp app) =>
        app.QueryAsync(db => db.Couriers.ExecuteUpdateAsync(s => s.SetProperty(c => c.Available, false)));
}
