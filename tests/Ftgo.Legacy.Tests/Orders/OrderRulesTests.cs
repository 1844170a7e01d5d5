using System.Net;
using Ftgo.Legacy.Tests.Infrastructure;

namespace Ftgo.Legacy.Tests.Orders;

/// <summary>The business rules of create, revise and accept: order minimum, menu items, readyBy.</summary>
public abstract class OrderRulesTests(LegacyFixture fixture)
{
    public sealed class Sqlite(SqliteFixture fixture) : OrderRulesTests(fixture), IClassFixture<SqliteFixture>;

    public sealed class Postgres(PostgresFixture fixture) : OrderRulesTests(fixture), IClassFixture<PostgresFixture>;

    // "1" at 12.34 as in FTGO, "2" at 5.00 to reach below and exactly at the 10.00 minimum.
    private static readonly (string, string, string)[] Menu = [("1", "Chicken Vindaloo", "12.34"), ("2", "Naan", "5.00")];

    private static object Revision(params (string MenuItemId, int Quantity)[] quantities) =>
        new { revisedLineItemQuantities = quantities.ToDictionary(q => q.MenuItemId, q => q.Quantity) };

    [Fact]
    public async Task Create_WhenTotalBelowMinimum_Returns400OrderMinimumNotMet()
    {
        using var client = await fixture.ClientAsync();
        var consumerId = await client.CreateConsumerAsync();
        var restaurantId = await client.CreateRestaurantAsync(Menu);

        var response = await client.PostAsync("/orders", TestData.CreateOrder(consumerId, restaurantId, ("2", 1)));

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "order-minimum-not-met");
        Assert.Empty((await client.GetOkAsync($"/orders?consumerId={consumerId}")).EnumerateArray());
    }

    [Fact]
    public async Task Create_WhenTotalExactlyAtMinimum_Returns200()
    {
        using var client = await fixture.ClientAsync();
        var consumerId = await client.CreateConsumerAsync();
        var restaurantId = await client.CreateRestaurantAsync(Menu);

        var orderId = await client.CreateOrderAsync(consumerId, restaurantId, ("2", 2));

        Wire.AssertMoney("10.00", (await client.GetOrderAsync(orderId)).GetProperty("orderTotal"));
    }

    [Fact]
    public async Task Create_WithSeveralLineItems_SumsThemInOrderTotal()
    {
        using var client = await fixture.ClientAsync();
        var consumerId = await client.CreateConsumerAsync();
        var restaurantId = await client.CreateRestaurantAsync(Menu);

        var orderId = await client.CreateOrderAsync(consumerId, restaurantId, ("1", 3), ("2", 1));

        Wire.AssertMoney("42.02", (await client.GetOrderAsync(orderId)).GetProperty("orderTotal"));
    }

    [Fact]
    public async Task Revise_WhenNewTotalBelowMinimum_Returns409AndKeepsOrder()
    {
        using var client = await fixture.ClientAsync();
        var consumerId = await client.CreateConsumerAsync();
        var restaurantId = await client.CreateRestaurantAsync(Menu);
        var orderId = await client.CreateOrderAsync(consumerId, restaurantId, ("1", 1), ("2", 1));

        var response = await client.PostAsync($"/orders/{orderId}/revise", Revision(("1", 0)));

        await Problem.AssertAsync(response, HttpStatusCode.Conflict, "order-minimum-not-met");
        var order = await client.GetOrderAsync(orderId);
        Assert.Equal("APPROVED", order.GetProperty("state").GetString());
        Wire.AssertMoney("17.34", order.GetProperty("orderTotal"));
    }

    [Fact]
    public async Task Revise_QuantityZero_RemovesTheLineItem()
    {
        using var client = await fixture.ClientAsync();
        var consumerId = await client.CreateConsumerAsync();
        var restaurantId = await client.CreateRestaurantAsync(Menu);
        var orderId = await client.CreateOrderAsync(consumerId, restaurantId, ("1", 1), ("2", 1));

        var revised = await client.PostOkAsync($"/orders/{orderId}/revise", Revision(("2", 0)));

        Wire.AssertMoney("12.34", revised.GetProperty("orderTotal"));
        // With the line gone, a revision of "2" names no line item any more.
        await Problem.AssertAsync(await client.PostAsync($"/orders/{orderId}/revise", Revision(("2", 3))),
            HttpStatusCode.BadRequest, "invalid-request");
    }

    [Fact]
    public async Task Revise_TwiceWhileApproved_AppliesBoth()
    {
        using var client = await fixture.ClientAsync();
        var (orderId, _, _) = await client.NewOrderAsync();

        await client.PostOkAsync($"/orders/{orderId}/revise", Revision(("1", 10)));
        var revised = await client.PostOkAsync($"/orders/{orderId}/revise", Revision(("1", 2)));

        Wire.AssertMoney("24.68", revised.GetProperty("orderTotal"));
    }

    [Theory]
    [InlineData("""{"revisedLineItemQuantities":{"99":1}}""")]
    [InlineData("""{"revisedLineItemQuantities":{"1":-1}}""")]
    [InlineData("""{"revisedLineItemQuantities":{}}""")]
    public async Task Revise_WithInvalidQuantities_Returns400AndKeepsOrder(string body)
    {
        using var client = await fixture.ClientAsync();
        var (orderId, _, _) = await client.NewOrderAsync();

        var response = await client.PostRawAsync($"/orders/{orderId}/revise", body);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid-request");
        Wire.AssertMoney("61.70", (await client.GetOrderAsync(orderId)).GetProperty("orderTotal"));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(0)]
    public async Task Accept_WhenReadyByNotInFuture_Returns409AndKeepsOrderApproved(int minutesAhead)
    {
        using var client = await fixture.ClientAsync();
        var (orderId, _, _) = await client.NewOrderAsync();
        await client.CreateCourierAsync();
        // 0: "now" at the client is already past (or equal to) "now" when the server checks.
        var readyBy = Wire.LocalNowPlus(TimeSpan.FromMinutes(minutesAhead));

        var response = await client.AcceptAsync(orderId, readyBy);

        await Problem.AssertAsync(response, HttpStatusCode.Conflict, "ready-by-in-past");
        var order = await client.GetOrderAsync(orderId);
        Assert.Equal("APPROVED", order.GetProperty("state").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, order.GetProperty("assignedCourier").ValueKind);
        Assert.Equal(0, await fixture.App.QueryAsync(db => Task.FromResult(db.CourierActions.Count(a => a.OrderId == orderId))));
    }

    [Fact]
    public async Task Create_WithUnknownMenuItem_Returns400UnknownMenuItem()
    {
        using var client = await fixture.ClientAsync();
        var consumerId = await client.CreateConsumerAsync();
        var restaurantId = await client.CreateRestaurantAsync();

        var response = await client.PostAsync("/orders", TestData.CreateOrder(consumerId, restaurantId, ("1", 1), ("42", 1)));

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "unknown-menu-item");
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-3)]
    public async Task Create_WithQuantityNotPositive_Returns400(int quantity)
    {
        using var client = await fixture.ClientAsync();
        var consumerId = await client.CreateConsumerAsync();
        var restaurantId = await client.CreateRestaurantAsync();

        var response = await client.PostAsync("/orders", TestData.CreateOrder(consumerId, restaurantId, ("1", 5), ("1", quantity)));

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid-request");
    }

    [Fact]
    public async Task Create_WithUnknownConsumer_Returns404()
    {
        using var client = await fixture.ClientAsync();
        var restaurantId = await client.CreateRestaurantAsync();

        var response = await client.PostAsync("/orders", TestData.CreateOrder(987_654_321, restaurantId));

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Create_WithUnknownRestaurant_Returns404()
    {
        using var client = await fixture.ClientAsync();
        var consumerId = await client.CreateConsumerAsync();

        var response = await client.PostAsync("/orders", TestData.CreateOrder(consumerId, 987_654_321));

        await Problem.AssertAsync(response, HttpStatusCode.NotFound, "not-found");
    }

    [Fact]
    public async Task Create_ForMenuItemOfAnotherRestaurant_Returns400UnknownMenuItem()
    {
        using var client = await fixture.ClientAsync();
        var consumerId = await client.CreateConsumerAsync();
        await client.CreateRestaurantAsync(("only-here", "Samosa", "11.00"));
        var restaurantId = await client.CreateRestaurantAsync();

        var response = await client.PostAsync("/orders", TestData.CreateOrder(consumerId, restaurantId, ("only-here", 1)));

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "unknown-menu-item");
    }
}
