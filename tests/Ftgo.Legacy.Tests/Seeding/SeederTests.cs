using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Ftgo.Legacy.Orders;
using Ftgo.Legacy.Seeding;
using Ftgo.Legacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Legacy.Tests.Seeding;

/// <summary>The start-up seeder (<c>Ftgo:Seed:Orders</c>, <c>Ftgo:Seed:Value</c>) on each store.</summary>
public abstract class SeederTests(SeededFixture fixture)
{
    public sealed class Sqlite(SqliteSeededFixture fixture) : SeederTests(fixture), IClassFixture<SqliteSeededFixture>;

    public sealed class Postgres(PostgresSeededFixture fixture) : SeederTests(fixture), IClassFixture<PostgresSeededFixture>;

    private const int N = SeededFixture.Orders;

    [Fact]
    public async Task Seed_SpreadsOrdersEvenlyOverAllSevenStates()
    {
        var counts = await fixture.First.QueryAsync(db => db.Orders.Where(o => o.Id <= N)
            .GroupBy(o => o.State).Select(g => new { g.Key, Count = g.Count() }).ToListAsync());

        Assert.Equal(Enum.GetValues<OrderState>().Order(), counts.Select(c => c.Key).Order());
        Assert.All(counts, c => Assert.Equal(N / 7, c.Count));
        var (min, max) = await fixture.First.QueryAsync(async db => (await db.Orders.MinAsync(o => o.Id), await db.Orders.Where(o => o.Id <= N).MaxAsync(o => o.Id)));
        Assert.Equal((1, N), (min, max));
    }

    [Fact]
    public async Task Seed_GivesCourierAndActionsExactlyToOrdersPastApproval()
    {
        var rows = await fixture.First.QueryAsync(db => db.Orders.AsNoTracking().Where(o => o.Id <= N)
            .Select(o => new { o.Id, o.State, o.AssignedCourierId, o.ReadyBy, o.DeliveredTime, Actions = db.CourierActions.Count(a => a.OrderId == o.Id) })
            .ToListAsync());

        Assert.Equal(N, rows.Count);
        foreach (var row in rows)
        {
            var progressed = row.State is not (OrderState.Approved or OrderState.Cancelled);
            Assert.True(progressed == row.AssignedCourierId is not null, $"order {row.Id} ({row.State}) courier {row.AssignedCourierId}");
            Assert.Equal(progressed ? 2 : 0, row.Actions);
            Assert.Equal(progressed, row.ReadyBy is not null);
            Assert.Equal(row.State == OrderState.Delivered, row.DeliveredTime is not null);
        }
    }

    [Fact]
    public async Task Seed_WithSameValue_GivesIdenticalRowsOnTwoDatabases()
    {
        var first = await ChecksumAsync(fixture.First);
        var second = await ChecksumAsync(fixture.Second);

        Assert.Equal(first, second);
    }

    /// <summary>SHA-256 over what the API answers for every seeded order, consumer, restaurant and courier.</summary>
    private static async Task<string> ChecksumAsync(LegacyApp app)
    {
        using var client = await app.ClientAsync(login: false);
        var text = new StringBuilder();
        for (var id = 1; id <= N; id++)
        {
            text.AppendLine((await client.GetOkAsync($"/orders/{id}")).GetRawText());
        }
        var (consumers, restaurants, couriers) = await app.QueryAsync(async db => (
            await db.Consumers.Where(c => c.Id > 1 && c.Id <= 1 + N / 20).Select(c => c.Id).ToListAsync(),
            await db.Restaurants.Where(r => r.Id <= 5).Select(r => r.Id).ToListAsync(),
            await db.Couriers.Where(c => c.Id <= 10).Select(c => c.Id).ToListAsync()));
        Assert.Equal(N / 20, consumers.Count);
        Assert.Equal(5, restaurants.Count);
        Assert.Equal(10, couriers.Count);
        foreach (var id in consumers.Order())
        {
            text.AppendLine((await client.GetOkAsync($"/consumers/{id}")).GetRawText());
            text.AppendLine((await client.GetOkAsync($"/orders?consumerId={id}")).GetRawText());
        }
        foreach (var id in restaurants.Order())
        {
            text.AppendLine((await client.GetOkAsync($"/restaurants/{id}")).GetRawText());
        }
        foreach (var id in couriers.Order())
        {
            text.AppendLine((await client.GetOkAsync($"/couriers/{id}")).GetRawText());
        }
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }

    [Fact]
    public async Task SeededOrder_IsReadableThroughTheApi()
    {
        using var client = await fixture.First.ClientAsync(login: false);
        // Ids cycle through the states in declaration order: 6 is DELIVERED. Its delivery time is
        // BaseTime + 6 min; readyBy 45 min before that.
        var baseTime = new SeedOptions().BaseTime;
        var readyBy = baseTime.AddMinutes(6 - 45);

        var order = await client.GetOrderAsync(6);

        Wire.AssertShape(order, "orderId", "state", "orderTotal", "restaurantName", "assignedCourier", "courierActions");
        Assert.Equal(6, order.GetProperty("orderId").GetInt64());
        Assert.Equal("DELIVERED", order.GetProperty("state").GetString());
        Assert.Matches("^Restaurant [1-5]$", order.GetProperty("restaurantName").GetString());
        var expectedTotal = await fixture.First.QueryAsync(async db =>
            (await db.Orders.AsNoTracking().Include(o => o.LineItems).SingleAsync(o => o.Id == 6)).OrderTotal);
        Wire.AssertMoney(expectedTotal.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), order.GetProperty("orderTotal"));
        var courierId = Wire.Id(order.GetProperty("assignedCourier"));
        var actions = order.GetProperty("courierActions");
        Assert.Equal(2, actions.GetArrayLength());
        Assert.Equal("PICKUP", actions[0].GetProperty("type").GetString());
        Wire.AssertLocalDateTime(Wire.Format(readyBy), actions[0].GetProperty("time"));
        Assert.Equal("DROPOFF", actions[1].GetProperty("type").GetString());
        Wire.AssertLocalDateTime(Wire.Format(readyBy.AddMinutes(30)), actions[1].GetProperty("time"));

        var plan = (await client.GetOkAsync($"/couriers/{courierId}")).GetProperty("plan").GetProperty("actions")
            .EnumerateArray().Where(a => a.GetProperty("orderId").GetInt64() == 6).Select(a => a.GetProperty("type").GetString());
        Assert.Equal(["PICKUP", "DROPOFF"], plan);

        var approved = await client.GetOrderAsync(1);
        Assert.Equal("APPROVED", approved.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, approved.GetProperty("assignedCourier").ValueKind);
        Assert.Equal("CANCELLED", await client.GetOrderStateAsync(7));
    }

    [Fact]
    public async Task SeededOrder_CanBeRevisedAndAcceptedLikeAnyOther()
    {
        // Order 8 is APPROVED (8 - 1 ≡ 0 mod 7).
        using var client = await fixture.Writable.ClientAsync();
        var order = await client.GetOrderAsync(8);
        Assert.Equal("APPROVED", order.GetProperty("state").GetString());

        var accepted = await client.AcceptAsync(8, Wire.LocalNowPlus(TimeSpan.FromHours(1)));

        await Expect.OkAsync(accepted);
        Assert.Equal(2, (await client.GetOrderAsync(8)).GetProperty("courierActions").GetArrayLength());
    }

    [Fact]
    public async Task Seed_WhenOrdersExist_IsSkipped()
    {
        var before = await fixture.First.QueryAsync(db => db.Orders.CountAsync());
        using var reader = await fixture.First.ClientAsync(login: false);
        var orderBefore = (await reader.GetOrderAsync(1)).GetRawText();

        // A second start on the same database, asking for another seed.
        await using (var restarted = new LegacyApp(fixture.First.Database, SeededFixture.SeedSettings(N + 300, SeededFixture.Value + 1)))
        {
            _ = restarted.Server;
            Assert.Equal(before, await restarted.QueryAsync(db => db.Orders.CountAsync()));
        }
        var seededAgain = await fixture.First.QueryAsync(async db =>
        {
            var seeder = new Seeder(db, Microsoft.Extensions.Logging.Abstractions.NullLogger<Seeder>.Instance);
            return await seeder.SeedIfEmptyAsync(new SeedOptions { Orders = 10, Value = 1 }, CancellationToken.None);
        });

        Assert.False(seededAgain);
        Assert.Equal(before, await fixture.First.QueryAsync(db => db.Orders.CountAsync()));
        Assert.Equal(orderBefore, (await reader.GetOrderAsync(1)).GetRawText());
    }

    [Fact]
    public async Task CreateAfterSeeding_ContinuesEveryIdentityAfterTheSeededIds()
    {
        var app = fixture.Writable;
        var (consumers, restaurants, couriers, lines, actions) = await app.QueryAsync(async db => (
            await db.Consumers.MaxAsync(c => c.Id), await db.Restaurants.MaxAsync(r => r.Id), await db.Couriers.MaxAsync(c => c.Id),
            await db.Orders.SelectMany(o => o.LineItems).MaxAsync(l => l.Id), await db.CourierActions.MaxAsync(a => a.Id)));
        using var client = await app.ClientAsync();

        var consumerId = await client.CreateConsumerAsync();
        var restaurantId = await client.CreateRestaurantAsync();
        var courierId = await client.CreateCourierAsync();
        var orderId = await client.CreateOrderAsync(consumerId, restaurantId, ("1", 5));
        // Make the new courier the least busy one, so that the accept below must plan it.
        await app.QueryAsync(db => db.Couriers.Where(c => c.Id != courierId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Available, false)));
        await Expect.OkAsync(await client.AcceptAsync(orderId, Wire.LocalNowPlus(TimeSpan.FromHours(1))));

        Assert.Equal(N + 1, orderId);
        Assert.Equal(consumers + 1, consumerId);
        Assert.Equal(restaurants + 1, restaurantId);
        Assert.Equal(couriers + 1, courierId);
        var (lineIds, actionIds) = await app.QueryAsync(async db => (
            await db.Orders.Where(o => o.Id == orderId).SelectMany(o => o.LineItems).Select(l => l.Id).ToListAsync(),
            await db.CourierActions.Where(a => a.OrderId == orderId).Select(a => a.Id).OrderBy(id => id).ToListAsync()));
        Assert.Equal([lines + 1], lineIds);
        Assert.Equal([actions + 1, actions + 2], actionIds);
        Assert.Equal(courierId, (await client.GetOrderAsync(orderId)).GetProperty("assignedCourier").GetInt64());
    }

    [Fact]
    public async Task Seed_WhenRestaurantsAndCouriersButNoOrdersExist_SeedsAroundThem()
    {
        await using var database = await TestDatabase.CreateAsync(fixture.Store, "legacy");
        long restaurantId, courierId;
        await using (var unseeded = new LegacyApp(database))
        {
            using var client = await unseeded.ClientAsync();
            restaurantId = await client.CreateRestaurantAsync();
            courierId = await client.CreateCourierAsync(available: false);
        }

        await using var seeded = new LegacyApp(database, SeededFixture.SeedSettings(70, SeededFixture.Value));
        using var reader = await seeded.ClientAsync(login: false);

        Assert.Equal(70, await seeded.QueryAsync(db => db.Orders.CountAsync()));
        Assert.Equal("Ajanta", (await reader.GetOkAsync($"/restaurants/{restaurantId}")).GetProperty("name").GetString());
        var courier = await reader.GetOkAsync($"/couriers/{courierId}");
        Assert.Equal("Chris", courier.GetProperty("name").GetProperty("firstName").GetString());
        Assert.Empty(courier.GetProperty("plan").GetProperty("actions").EnumerateArray());
        for (var id = 1; id <= 70; id++)
        {
            Assert.StartsWith("Restaurant ", (await reader.GetOrderAsync(id)).GetProperty("restaurantName").GetString());
        }
    }
}
