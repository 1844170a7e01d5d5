using Ftgo.Delivery.Data;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Delivery.Couriers;

/// <summary>
/// FTGO's choice of courier: the available one with the fewest planned actions, lowest id on a tie.
/// <para>
/// On PostgreSQL, where several nodes schedule side by side, the choice takes a row lock on the courier for the
/// rest of the handler's transaction, and passes over couriers another transaction is assigning right now
/// (<c>FOR UPDATE SKIP LOCKED</c>): concurrent deliveries spread over the couriers instead of all picking the
/// same one and losing on its version, one retry after another. Only when every available courier is being
/// assigned does it wait for the best one's lock. On SQLite (one node, writers serialized) the plain query.
/// </para>
/// </summary>
public static class CourierSelector
{
    public static async Task<Courier?> ChooseAsync(DeliveryDbContext db, CancellationToken ct)
    {
        if (!db.Database.IsNpgsql())
        {
            return await db.Couriers
                .Include(c => c.Actions)
                .Where(c => c.Available)
                .OrderBy(c => db.CourierActions.Count(a => a.CourierId == c.Id))
                .ThenBy(c => c.Id)
                .FirstOrDefaultAsync(ct);
        }
        var id = await LockFewestAsync(db, skipLocked: true, ct) ?? await LockFewestAsync(db, skipLocked: false, ct);
        return id is null ? null : await db.Couriers.Include(c => c.Actions).FirstAsync(c => c.Id == id, ct);
    }

    private static async Task<long?> LockFewestAsync(DeliveryDbContext db, bool skipLocked, CancellationToken ct)
    {
        var couriers = Table<Courier>(db);
        var actions = Table<CourierAction>(db);
        // The names come from the model, not from input.
        var sql = $"""
            SELECT c.id AS "Value" FROM {couriers} c WHERE c.available
            ORDER BY (SELECT count(*) FROM {actions} a WHERE a.courier_id = c.id), c.id
            LIMIT 1 FOR UPDATE OF c{(skipLocked ? " SKIP LOCKED" : "")}
            """;
        var ids = await db.Database.SqlQueryRaw<long>(sql).ToListAsync(ct);
        return ids.Count == 0 ? null : ids[0];
    }

    private static string Table<T>(DeliveryDbContext db)
    {
        var entity = db.Model.FindEntityType(typeof(T))!;
        return $"\"{entity.GetSchema()}\".\"{entity.GetTableName()}\"";
    }
}
