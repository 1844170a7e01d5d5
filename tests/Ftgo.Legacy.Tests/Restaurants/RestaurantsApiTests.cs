using System.Net;
using Ftgo.Legacy.Tests.Infrastructure;

namespace Ftgo.Legacy.Tests.Restaurants;

public abstract class RestaurantsApiTests(LegacyFixture fixture)
{
    public sealed class Sqlite(SqliteFixture fixture) : RestaurantsApiTests(fixture), IClassFixture<SqliteFixture>;

    public sealed class Postgres(PostgresFixture fixture) : RestaurantsApiTests(fixture), IClassFixture<PostgresFixture>;

    [Fact]
    public async Task Create_Returns200WithIdAndGetAnswersIdAndName()
    {
        using var client = await fixture.ClientAsync();

        var created = await client.PostOkAsync("/restaurants", new
        {
            name = "Ajanta",
            address = TestData.Address,
            menu = new { menuItems = new[] { new { id = "1", name = "Chicken Vindaloo", price = "12.34" } } },
        });

        Wire.AssertShape(created, "id");
        var id = Wire.Id(created.GetProperty("id"));
        var restaurant = await client.GetOkAsync($"/restaurants/{id}");
        Wire.AssertShape(restaurant, "id", "name");
        Assert.Equal(id, restaurant.GetProperty("id").GetInt64());
        Assert.Equal("Ajanta", restaurant.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Create_WithPriceAsJsonNumber_AcceptsItAsMoney()
    {
        using var client = await fixture.ClientAsync();
        var consumerId = await client.CreateConsumerAsync();
        var body = """
            {"name":"Numbers","address":{"street1":"1 Main","city":"Oakland","state":"CA","zip":"94611"},
             "menu":{"menuItems":[{"id":"1","name":"Dal","price":12.5}]}}
            """;

        var id = Wire.Id((await Expect.OkJsonAsync(await client.PostRawAsync("/restaurants", body))).GetProperty("id"));

        var orderId = await client.CreateOrderAsync(consumerId, id, ("1", 1));
        Wire.AssertMoney("12.50", (await client.GetOrderAsync(orderId)).GetProperty("orderTotal"));
    }

    [Theory]
    [InlineData("""{"id":"1","name":"Dal","price":"0.00"}""")]
    [InlineData("""{"id":"1","name":"Dal","price":"-1.00"}""")]
    [InlineData("""{"id":"1","name":"Dal","price":"12.3x"}""")]
    [InlineData("""{"id":"","name":"Dal","price":"1.00"}""")]
    [InlineData("""{"id":"1","name":" ","price":"1.00"}""")]
    [InlineData("""{"id":"1","name":"Dal","price":"1.00"},{"id":"1","name":"Naan","price":"2.00"}""")]
    [InlineData("""{"id":"1","name":"Dal","price":"1.00"},{"id":" 1 ","name":"Naan","price":"2.00"}""")]
    public async Task Create_WithInvalidMenuItem_Returns400(string items)
    {
        using var client = await fixture.ClientAsync();
        var body = $$$"""
            {"name":"Bad","address":{"street1":"1 Main","city":"Oakland","state":"CA","zip":"94611"},"menu":{"menuItems":[{{{items}}}]}}
            """;

        var response = await client.PostRawAsync("/restaurants", body);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid-request");
    }

    [Fact]
    public async Task Create_WithEmptyMenu_Returns400()
    {
        using var client = await fixture.ClientAsync();

        var response = await client.PostAsync("/restaurants", new { name = "Empty", address = TestData.Address, menu = new { menuItems = Array.Empty<object>() } });

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid-request");
    }

    [Fact]
    public async Task Get_WithoutSession_Returns200()
    {
        using var client = await fixture.ClientAsync();
        var id = await client.CreateRestaurantAsync();
        using var anonymous = await fixture.ClientAsync(login: false);

        var restaurant = await anonymous.GetOkAsync($"/restaurants/{id}");

        Assert.Equal("Ajanta", restaurant.GetProperty("name").GetString());
    }
}
