using System.Net;
using Ftgo.Legacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Legacy.Tests.Orders;

/// <summary>
/// Accepts of one order racing each other: the order's version column lets exactly one win, and
/// the losers leave no courier actions behind.
/// </summary>
public abstract class ConcurrentAcceptTests(LegacyFixture fixture)
{
    public sealed class Sqlite(SqliteFixture fixture) : ConcurrentAcceptTests(fixture), IClassFixture<SqliteFixture>;

    public sealed class Postgres(PostgresFixture fixture) : ConcurrentAcceptTests(fixture), IClassFixture<PostgresFixture>;

    private const int Racers = 8;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public async Task Accept_FiredConcurrently_ExactlyOneWinsAndOnePickupDropoffPairExists(int round)
    {
        using var client = await fixture.ClientAsync();
        var (orderId, _, _) = await client.NewOrderAsync();
        for (var i = 0; i < round; i++)
        {
            await client.CreateCourierAsync();
        }
        var readyBy = Wire.LocalNowPlus(TimeSpan.FromHours(1));
        using var start = new SemaphoreSlim(0, Racers);
        var racers = Enumerable.Range(0, Racers).Select(async _ =>
        {
            await start.WaitAsync();
            return await client.AcceptAsync(orderId, readyBy);
        }).ToList();

        start.Release(Racers);
        var responses = await Task.WhenAll(racers);

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.OK);
        foreach (var lost in responses.Where(r => r.StatusCode != HttpStatusCode.OK))
        {
            var problem = await Expect.StatusAsync(lost, HttpStatusCode.Conflict);
            Assert.True(problem.Contains("urn:ftgo:problem:concurrent-modification") || problem.Contains("urn:ftgo:problem:illegal-transition"),
                $"A lost race must be a concurrency or transition conflict: {problem}");
        }
        var actions = await fixture.App.QueryAsync(db => db.CourierActions.AsNoTracking()
            .Where(a => a.OrderId == orderId).OrderBy(a => a.Time).ToListAsync());
        Assert.Equal(2, actions.Count);
        Assert.Equal([Ftgo.Legacy.Delivery.CourierActionType.Pickup, Ftgo.Legacy.Delivery.CourierActionType.Dropoff], actions.Select(a => a.Type));
        var order = await client.GetOrderAsync(orderId);
        Assert.Equal("ACCEPTED", order.GetProperty("state").GetString());
        Assert.Equal(actions[0].CourierId, order.GetProperty("assignedCourier").GetInt64());
        Assert.Equal(actions[0].CourierId, actions[1].CourierId);
        Assert.Equal(2, order.GetProperty("courierActions").GetArrayLength());
    }
}
