using Ftgo.Hosting.Problems;
using Ftgo.Legacy.Data;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Legacy.Orders;

/// <summary>Loads orders with their line items; an unknown id is a 404.</summary>
public sealed class OrderRepository(LegacyDbContext db)
{
    public async Task<Order> GetAsync(long orderId, CancellationToken ct) =>
        await db.Orders.Include(o => o.LineItems).FirstOrDefaultAsync(o => o.Id == orderId, ct)
        ?? throw new NotFoundException("Order", orderId);
}
