using Ftgo.Legacy.Data;
using Ftgo.Stages;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Legacy.Strangler;

/// <summary>
/// The cohort of an order known by its id only, as the gateway keys it: the id itself, or, when the group is
/// split by restaurant, the order's restaurant read from the monolith's own table (an unknown order has none:
/// legacy keeps it and answers 404, as the gateway sends it). Seams that hold the order use
/// <see cref="StageRouting.CohortOf"/> instead.
/// </summary>
public sealed class OrderCohorts(StageRouting routing, LegacyDbContext db)
{
    public async Task<string?> CohortOfAsync(string group, long orderId, CancellationToken ct) => routing.PartitionBy(group) switch
    {
        null => StageRouting.Key(orderId),
        PartitionRules.Restaurant => await RestaurantOfAsync(db, orderId, ct) is { } restaurant ? StageRouting.Key(restaurant) : null,
        var other => throw new InvalidOperationException($"The monolith cannot resolve partition '{other}'."),
    };

    public async Task<MigrationStage> StageForAsync(string group, long orderId, CancellationToken ct) =>
        routing.StageFor(group, await CohortOfAsync(group, orderId, ct));

    public async Task<Side> SideForAsync(string group, long orderId, CancellationToken ct) =>
        (await StageForAsync(group, orderId, ct)).Answering();

    /// <summary>The restaurant of an order, or null when there is no such order. An order never changes restaurant.</summary>
    public static async Task<long?> RestaurantOfAsync(LegacyDbContext db, long orderId, CancellationToken ct) =>
        await db.Orders.AsNoTracking().Where(o => o.Id == orderId).Select(o => (long?)o.RestaurantId).FirstOrDefaultAsync(ct);
}
