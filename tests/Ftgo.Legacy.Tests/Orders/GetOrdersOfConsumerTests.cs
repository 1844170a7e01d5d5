using System.Net;
using Ftgo.Legacy.Tests.Infrastructure;

namespace Ftgo.Legacy.Tests.Orders;

/// <summary><c>GET /orders?consumerId=</c>: FTGO's list of GetOrderResponse.</summary>
public abstract class GetOrdersOfConsumerTests(LegacyFixture fixture)
{
    public sealed class Sqlite(SqliteFixture fixture) : GetOrdersOfConsumerTests(fixture), IClassFixture<SqliteFixture>;

    public sealed class Postgres(PostgresFixture fixture) : GetOrdersOfConsumerTests(fixture), IClassFixture<PostgresFixture>;

    [Fact]
    public async Task List_ReturnsTheConsumersOrdersOnlyInIdOrder()
    {
        using var client = await fixture.ClientAsync();
        var consumerId = await client.CreateConsumerAsync();
        var otherConsumerId = await client.CreateConsumerAsync();
        var restaurantId = await client.CreateRestaurantAsync();
        var first = await client.CreateOrderAsync(consumerId, restaurantId, ("1", 5));
        await client.CreateOrderAsync(otherConsumerId, restaurantId, ("1", 2));
        var second = await client.CreateOrderAsync(consumerId, restaurantId, ("1", 1));
        await Expect.OkAsync(await client.PostAsync($"/orders/{second}/cancel"));
        using var anonymous = await fixture.ClientAsync(login: false);

        var list = await anonymous.GetOkAsync($"/orders?consumerId={consumerId}");

        Assert.Equal(System.Text.Json.JsonValueKind.Array, list.ValueKind);
        var orders = list.EnumerateArray().ToList();
        Assert.Equal([first, second], orders.Select(o => o.GetProperty("orderId").GetInt64()));
        foreach (var order in orders)
        {
            Wire.AssertShape(order, "orderId", "state", "orderTotal", "restaurantName", "assignedCourier", "courierActions");
            Assert.Equal("Ajanta", order.GetProperty("restaurantName").GetString());
        }
        Wire.AssertMoney("61.70", orders[0].GetProperty("orderTotal"));
        Assert.Equal("APPROVED", orders[0].GetProperty("state").GetString());
        Wire.AssertMoney("12.34", orders[1].GetProperty("orderTotal"));
        Assert.Equal("CANCELLED", orders[1].GetProperty("state").GetString());
    }

    [Fact]
    public async Task List_ShowsCourierActionsOfAcceptedOrders()
    {
        using var client = await fixture.ClientAsync();
        var (orderId, consumerId, _) = await client.NewOrderAsync();
        await client.CreateCourierAsync();
        var readyBy = Wire.LocalNowPlus(TimeSpan.FromHours(3));
        await Expect.OkAsync(await client.AcceptAsync(orderId, readyBy));

        var order = Assert.Single((await client.GetOkAsync($"/orders?consumerId={consumerId}")).EnumerateArray());

        Assert.Equal((await client.GetOrderAsync(orderId)).GetRawText(), order.GetRawText());
        Assert.Equal(2, order.GetProperty("courierActions").GetArrayLength());
    }

    [Fact]
    public async Task List_ForConsumerWithoutOrders_ReturnsEmptyArray()
    {
        using var client = await fixture.ClientAsync();
        var consumerId = await client.CreateConsumerAsync();

        var list = await client.GetOkAsync($"/orders?consumerId={consumerId}");

        Assert.Equal("[]", list.GetRawText());
    }

    [Theory]
    [InlineData("/orders")]
    [InlineData("/orders?consumerId=")]
    [InlineData("/orders?consumerId=abc")]
    [InlineData("/orders?consumerId=1.5")]
    public async Task List_WithoutValidConsumerId_Returns400(string path)
    {
        using var client = await fixture.ClientAsync(login: false);

        var response = await client.GetAsync(path);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid-request");
    }
}
