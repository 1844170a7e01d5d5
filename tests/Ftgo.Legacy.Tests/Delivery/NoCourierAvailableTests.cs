using System.Net;
using System.Text.Json;
using Ftgo.Legacy.Tests.Infrastructure;

namespace Ftgo.Legacy.Tests.Delivery;

/// <summary>
/// Accept with no available courier. Its own fixture per store: no other test may leave an
/// available courier in this database.
/// </summary>
public abstract class NoCourierAvailableTests(LegacyFixture fixture)
{
    public sealed class Sqlite(SqliteFixture fixture) : NoCourierAvailableTests(fixture), IClassFixture<SqliteFixture>;

    public sealed class Postgres(PostgresFixture fixture) : NoCourierAvailableTests(fixture), IClassFixture<PostgresFixture>;

    [Fact]
    public async Task Accept_WhenNoCourierAvailable_Returns409AndOrderStaysApprovedUntilOneIs()
    {
        using var client = await fixture.ClientAsync();
        var (orderId, _, _) = await client.NewOrderAsync();
        var courierId = await client.CreateCourierAsync(available: false);
        var readyBy = Wire.LocalNowPlus(TimeSpan.FromHours(1));

        var refused = await client.AcceptAsync(orderId, readyBy);

        await Problem.AssertAsync(refused, HttpStatusCode.Conflict, "no-courier-available");
        var order = await client.GetOrderAsync(orderId);
        Assert.Equal("APPROVED", order.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, order.GetProperty("assignedCourier").ValueKind);
        Assert.Empty(order.GetProperty("courierActions").EnumerateArray());
        Assert.Equal(0, await fixture.App.QueryAsync(db => Task.FromResult(db.CourierActions.Count())));

        // The refusal changed nothing: once a courier is available, the same accept succeeds and
        // schedules exactly that courier.
        await Expect.OkAsync(await client.PostAsync($"/couriers/{courierId}/availability", new { available = true }));
        await Expect.OkAsync(await client.AcceptAsync(orderId, readyBy));
        order = await client.GetOrderAsync(orderId);
        Assert.Equal("ACCEPTED", order.GetProperty("state").GetString());
        Assert.Equal(courierId, order.GetProperty("assignedCourier").GetInt64());
        var plan = (await client.GetOkAsync($"/couriers/{courierId}")).GetProperty("plan").GetProperty("actions");
        Assert.Equal(
            [("PICKUP", Wire.Format(readyBy), orderId), ("DROPOFF", Wire.Format(readyBy.AddMinutes(30)), orderId)],
            plan.EnumerateArray().Select(a => (a.GetProperty("type").GetString(), a.GetProperty("time").GetString(), a.GetProperty("orderId").GetInt64())));

        // Made unavailable again, the courier keeps its plan and the next accept is refused.
        await Expect.OkAsync(await client.PostAsync($"/couriers/{courierId}/availability", new { available = false }));
        var (secondOrderId, _, _) = await client.NewOrderAsync();
        await Problem.AssertAsync(await client.AcceptAsync(secondOrderId, readyBy), HttpStatusCode.Conflict, "no-courier-available");
        Assert.Equal(2, (await client.GetOkAsync($"/couriers/{courierId}")).GetProperty("plan").GetProperty("actions").GetArrayLength());
    }
}
