using System.Text.Json;
using Ftgo.Legacy.Tests.Infrastructure;

namespace Ftgo.Legacy.Tests.Orders;

/// <summary>FTGO's own end-to-end scenarios (ftgo-end-to-end-tests), with the exact legacy shapes.</summary>
public abstract class OrderScenarioTests(LegacyFixture fixture)
{
    public sealed class Sqlite(SqliteFixture fixture) : OrderScenarioTests(fixture), IClassFixture<SqliteFixture>;

    public sealed class Postgres(PostgresFixture fixture) : OrderScenarioTests(fixture), IClassFixture<PostgresFixture>;

    [Fact]
    public async Task CreateOrder_FiveOfMenuItemAt1234_Returns200AndTotal6170()
    {
        using var client = await fixture.ClientAsync();
        var consumerId = await client.CreateConsumerAsync();
        var restaurantId = await client.CreateRestaurantAsync();

        var response = await client.PostAsync("/orders", TestData.CreateOrder(consumerId, restaurantId, ("1", 5)));

        var created = await Expect.OkJsonAsync(response);
        Wire.AssertShape(created, "orderId");
        var orderId = Wire.Id(created.GetProperty("orderId"));
        var order = await client.GetOrderAsync(orderId);
        Wire.AssertShape(order, "orderId", "state", "orderTotal", "restaurantName", "assignedCourier", "courierActions");
        Assert.Equal(orderId, Wire.Id(order.GetProperty("orderId")));
        Assert.Equal("APPROVED", order.GetProperty("state").GetString());
        Wire.AssertMoney("61.70", order.GetProperty("orderTotal"));
        Assert.Equal("Ajanta", order.GetProperty("restaurantName").GetString());
        Assert.Equal(JsonValueKind.Null, order.GetProperty("assignedCourier").ValueKind);
        Assert.Empty(order.GetProperty("courierActions").EnumerateArray());
    }

    [Fact]
    public async Task CreateReviseCancel_FtgoScenario_AnswersGetOrderResponses()
    {
        using var client = await fixture.ClientAsync();
        var (orderId, _, _) = await client.NewOrderAsync();

        var revised = await client.PostOkAsync($"/orders/{orderId}/revise", new { revisedLineItemQuantities = new Dictionary<string, int> { ["1"] = 10 } });

        Wire.AssertShape(revised, "orderId", "state", "orderTotal", "restaurantName", "assignedCourier", "courierActions");
        Assert.Equal(orderId, Wire.Id(revised.GetProperty("orderId")));
        Assert.Equal("APPROVED", revised.GetProperty("state").GetString());
        Wire.AssertMoney("123.40", revised.GetProperty("orderTotal"));
        Wire.AssertMoney("123.40", (await client.GetOrderAsync(orderId)).GetProperty("orderTotal"));

        var cancelled = await client.PostOkAsync($"/orders/{orderId}/cancel");

        Wire.AssertShape(cancelled, "orderId", "state", "orderTotal", "restaurantName", "assignedCourier", "courierActions");
        Assert.Equal("CANCELLED", cancelled.GetProperty("state").GetString());
        Wire.AssertMoney("123.40", cancelled.GetProperty("orderTotal"));
        Assert.Equal("CANCELLED", await client.GetOrderStateAsync(orderId));
    }

    [Fact]
    public async Task Cancel_WithEmptyJsonBody_Returns200()
    {
        using var client = await fixture.ClientAsync();
        var (orderId, _, _) = await client.NewOrderAsync();

        var cancelled = await Expect.OkJsonAsync(await client.PostRawAsync($"/orders/{orderId}/cancel", "{}"));

        Assert.Equal("CANCELLED", cancelled.GetProperty("state").GetString());
    }

    [Fact]
    public async Task AcceptThroughDelivered_FtgoScenario_AssignsCourierWithPickupAndDropoff()
    {
        using var client = await fixture.ClientAsync();
        var (orderId, _, _) = await client.NewOrderAsync();
        await client.CreateCourierAsync();
        var readyBy = Wire.LocalNowPlus(TimeSpan.FromMinutes(90));

        var accepted = await client.AcceptAsync(orderId, readyBy);

        await Expect.OkAsync(accepted);
        var order = await client.GetOrderAsync(orderId);
        Assert.Equal("ACCEPTED", order.GetProperty("state").GetString());
        var courierId = Wire.Id(order.GetProperty("assignedCourier"));
        var actions = order.GetProperty("courierActions").EnumerateArray().ToList();
        Assert.Equal(2, actions.Count);
        Wire.AssertShape(actions[0], "type", "time");
        Assert.Equal("PICKUP", actions[0].GetProperty("type").GetString());
        Wire.AssertLocalDateTime(Wire.Format(readyBy), actions[0].GetProperty("time"));
        Assert.Equal("DROPOFF", actions[1].GetProperty("type").GetString());
        Wire.AssertLocalDateTime(Wire.Format(readyBy.AddMinutes(30)), actions[1].GetProperty("time"));

        var courier = await client.GetOkAsync($"/couriers/{courierId}");
        Assert.True(courier.GetProperty("available").GetBoolean());
        var plan = courier.GetProperty("plan").GetProperty("actions").EnumerateArray()
            .Where(a => a.GetProperty("orderId").GetInt64() == orderId).ToList();
        Assert.Equal(2, plan.Count);
        Wire.AssertShape(plan[0], "type", "time", "orderId");
        Assert.Equal("PICKUP", plan[0].GetProperty("type").GetString());
        Wire.AssertLocalDateTime(Wire.Format(readyBy), plan[0].GetProperty("time"));
        Assert.Equal("DROPOFF", plan[1].GetProperty("type").GetString());
        Wire.AssertLocalDateTime(Wire.Format(readyBy.AddMinutes(30)), plan[1].GetProperty("time"));

        foreach (var (action, state) in new[] { ("preparing", "PREPARING"), ("ready", "READY_FOR_PICKUP"), ("pickedup", "PICKED_UP"), ("delivered", "DELIVERED") })
        {
            var response = await client.PostAsync($"/orders/{orderId}/{action}");
            await Expect.OkAsync(response);
            var after = await client.GetOrderAsync(orderId);
            Assert.Equal(state, after.GetProperty("state").GetString());
            Assert.Equal(courierId, after.GetProperty("assignedCourier").GetInt64());
            Assert.Equal(2, after.GetProperty("courierActions").GetArrayLength());
        }
    }

    [Fact]
    public async Task Accept_WithOffsetInReadyBy_StoresItAsServerLocalTime()
    {
        using var client = await fixture.ClientAsync();
        var (orderId, _, _) = await client.NewOrderAsync();
        await client.CreateCourierAsync();
        var readyBy = DateTimeOffset.Now.AddHours(1);
        var wholeSeconds = readyBy.AddTicks(-(readyBy.Ticks % TimeSpan.TicksPerSecond));

        await Expect.OkAsync(await client.PostAsync($"/orders/{orderId}/accept", new { readyBy = wholeSeconds.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'") }));

        var pickup = (await client.GetOrderAsync(orderId)).GetProperty("courierActions")[0];
        Wire.AssertLocalDateTime(Wire.Format(wholeSeconds.LocalDateTime), pickup.GetProperty("time"));
    }

    [Fact]
    public async Task Preparing_WithEmptyJsonBody_Returns200()
    {
        using var client = await fixture.ClientAsync();
        var orderId = await client.NewOrderInStateAsync("ACCEPTED");

        await Expect.OkAsync(await client.PostRawAsync($"/orders/{orderId}/preparing", "{}"));

        Assert.Equal("PREPARING", await client.GetOrderStateAsync(orderId));
    }
}
