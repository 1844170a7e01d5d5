using Ftgo.Legacy;
using Ftgo.Legacy.Data;
using Ftgo.Legacy.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ftgo.Extraction.Tests.Infrastructure;

/// <summary>The monolith's rows, read through its own context (for what its API does not show: times, versions).</summary>
public static class LegacyRows
{
    public static async Task<Order> OrderRowAsync(this ServiceHost<LegacyOptions> legacy, long orderId)
    {
        await using var scope = legacy.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<LegacyDbContext>().Orders.AsNoTracking().SingleAsync(o => o.Id == orderId);
    }
}
