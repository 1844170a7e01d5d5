using Ftgo.Delivery.Data;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Delivery.Couriers;

/// <summary>FTGO's choice of courier: the available one with the fewest planned actions, lowest id on a tie.</summary>
public static class CourierSelector
{
    public static Task<Courier?> ChooseAsync(DeliveryDbContext db, CancellationToken ct) =>
        db.Couriers
            .Include(c => c.Actions)
            .Where(c => c.Available)
            .OrderBy(c => db.CourierActions.Count(a => a.CourierId == c.Id))
            .ThenBy(c => c.Id)
            .FirstOrDefaultAsync(ct);
}
