using System.Diagnostics;
using Ftgo.Legacy.Data;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Legacy.Seeding;

/// <summary>
/// Seeds an empty legacy database with <see cref="SeedData"/>, through the engine's bulk path
/// (PostgreSQL COPY, SQLite prepared inserts in one transaction). A database that already holds
/// orders is left alone.
/// </summary>
public sealed class Seeder(LegacyDbContext db, ILogger<Seeder> log)
{
    public async Task<bool> SeedIfEmptyAsync(SeedOptions options, CancellationToken ct)
    {
        if (await db.Orders.AnyAsync(ct))
        {
            log.LogInformation("Seed skipped: the database already holds orders");
            return false;
        }
        var watch = Stopwatch.StartNew();
        // Consumers, restaurants and couriers may already exist (the demo login's consumer, ones
        // made by hand before the first order); seeded ones follow them.
        var firstConsumerId = (await db.Consumers.MaxAsync(c => (long?)c.Id, ct) ?? 0) + 1;
        var firstRestaurantId = (await db.Restaurants.MaxAsync(r => (long?)r.Id, ct) ?? 0) + 1;
        var firstCourierId = (await db.Couriers.MaxAsync(c => (long?)c.Id, ct) ?? 0) + 1;
        var data = SeedData.Generate(options, firstConsumerId, firstRestaurantId, firstCourierId);
        await using var writer = await BulkWriter.OpenAsync(db, ct);
        await writer.WriteAsync("restaurants", ["id", "name", "street1", "street2", "city", "state", "zip"], data.Restaurants, ct);
        await writer.WriteAsync("restaurant_menu_items", ["restaurant_id", "id", "name", "price"], data.MenuItems, ct);
        await writer.WriteAsync("consumers", ["id", "first_name", "last_name"], data.Consumers, ct);
        await writer.WriteAsync("couriers",
            ["id", "first_name", "last_name", "street1", "street2", "city", "state", "zip", "available"], data.Couriers, ct);
        await writer.WriteAsync("orders",
            ["id", "version", "order_state", "consumer_id", "restaurant_id", "payment_token", "order_minimum", "delivery_time",
             "street1", "street2", "city", "state", "zip", "ready_by", "accept_time", "preparing_time",
             "ready_for_pickup_time", "picked_up_time", "delivered_time", "assigned_courier_id"], data.Orders, ct);
        await writer.WriteAsync("order_line_items", ["id", "order_id", "menu_item_id", "name", "price", "quantity"], data.LineItems, ct);
        await writer.WriteAsync("courier_actions", ["id", "courier_id", "order_id", "type", "time"], data.CourierActions, ct);
        await writer.CommitAsync(["restaurants", "consumers", "couriers", "orders", "order_line_items", "courier_actions"], ct);
        log.LogInformation("Seeded {Orders} orders ({Lines} line items, {Actions} courier actions) with seed {Seed} in {Elapsed:0.0} s",
            data.Orders.Count, data.LineItems.Count, data.CourierActions.Count, options.Value, watch.Elapsed.TotalSeconds);
        return true;
    }
}
