using System.Net;
using Ftgo.Legacy.Tests.Infrastructure;

namespace Ftgo.Legacy.Tests.Orders;

/// <summary>
/// Malformed JSON, wrong types, missing and null fields on every endpoint with a body: a 400
/// problem, never a 500. Runs on both stores, since some faults only show when a row is written.
/// </summary>
public abstract class InputValidationTests(LegacyFixture fixture)
{
    public sealed class Sqlite(SqliteFixture fixture) : InputValidationTests(fixture), IClassFixture<SqliteFixture>;

    public sealed class Postgres(PostgresFixture fixture) : InputValidationTests(fixture), IClassFixture<PostgresFixture>;

    private const string Address = """{"street1":"1 Main","city":"Oakland","state":"CA","zip":"94611"}""";
    private const string Name = """{"firstName":"John","lastName":"Doe"}""";
    private const string Menu = """{"menuItems":[{"id":"1","name":"Dal","price":"12.34"}]}""";
    private const string Line = """{"menuItemId":"1","quantity":5}""";

    private static string Order(string consumerId = "{consumer}", string restaurantId = "{restaurant}", string address = Address,
        string deliveryTime = "\"2099-01-01T12:00:00\"", string lines = $"[{Line}]") =>
        $$$"""{"consumerId":{{{consumerId}}},"restaurantId":{{{restaurantId}}},"deliveryAddress":{{{address}}},"deliveryTime":{{{deliveryTime}}},"lineItems":{{{lines}}}}""";

    public static TheoryData<string, string> BadBodies() => new()
    {
        // Not JSON, or not an object.
        { "/login", "{" },
        { "/login", "" },
        { "/login", "null" },
        { "/login", "[]" },
        { "/consumers", "{\"name\":" },
        { "/consumers", "null" },
        { "/restaurants", "not json" },
        { "/couriers", "{}}" },
        { "/couriers/{courier}/availability", "{" },
        { "/couriers/{courier}/availability", "" },
        { "/orders", "{\"consumerId\":1," },
        { "/orders", "" },
        { "/orders/{order}/revise", "[" },
        { "/orders/{order}/accept", "{" },
        { "/orders/{order}/accept", "" },
        // Missing or null fields.
        { "/login", """{"username":"demo"}""" },
        { "/login", """{"username":null,"password":"demo"}""" },
        { "/consumers", "{}" },
        { "/consumers", """{"name":null}""" },
        { "/consumers", """{"name":{"firstName":"John"}}""" },
        { "/restaurants", $$$"""{"address":{{{Address}}},"menu":{{{Menu}}}}""" },
        { "/restaurants", $$$"""{"name":"A","menu":{{{Menu}}}}""" },
        { "/restaurants", $$$"""{"name":"A","address":{{{Address}}}}""" },
        { "/restaurants", $$$"""{"name":"A","address":{{{Address}}},"menu":{}}""" },
        { "/restaurants", $$$"""{"name":"A","address":{{{Address}}},"menu":{"menuItems":null}}""" },
        { "/restaurants", $$$"""{"name":"A","address":{{{Address}}},"menu":{"menuItems":[null]}}""" },
        { "/restaurants", $$$"""{"name":"A","address":{{{Address}}},"menu":{"menuItems":[{"id":"1","name":"Dal"}]}}""" },
        { "/restaurants", $$$"""{"name":"A","address":{"street1":"1 Main","city":"Oakland","state":"CA"},"menu":{{{Menu}}}}""" },
        { "/restaurants", $$$"""{"name":"A","address":{"street1":"1 Main","city":"Oakland","state":"CA","zip":""},"menu":{{{Menu}}}}""" },
        { "/couriers", $$$"""{"name":{{{Name}}}}""" },
        { "/couriers", $$$"""{"address":{{{Address}}}}""" },
        { "/couriers", $$$"""{"name":{{{Name}}},"address":null}""" },
        { "/couriers/{courier}/availability", "{}" },
        { "/couriers/{courier}/availability", """{"available":null}""" },
        { "/orders", "{}" },
        { "/orders", """{"consumerId":{consumer},"restaurantId":{restaurant}}""" },
        { "/orders", Order(lines: "null") },
        { "/orders", Order(lines: "[]") },
        { "/orders", Order(lines: "[null]") },
        { "/orders", Order(lines: """[{"menuItemId":"1"}]""") },
        { "/orders", Order(lines: """[{"quantity":5}]""") },
        { "/orders", Order(address: "null") },
        { "/orders", Order(address: """{"street1":"1 Main"}""") },
        { "/orders", Order(deliveryTime: "null") },
        { "/orders/{order}/revise", "{}" },
        { "/orders/{order}/revise", """{"revisedLineItemQuantities":null}""" },
        { "/orders/{order}/revise", """{"revisedLineItemQuantities":{"1":null}}""" },
        { "/orders/{order}/accept", "{}" },
        { "/orders/{order}/accept", """{"readyBy":null}""" },
        // Wrong types.
        { "/login", """{"username":1,"password":"demo"}""" },
        { "/consumers", """{"name":"John Doe"}""" },
        { "/consumers", """{"name":{"firstName":1,"lastName":"Doe"}}""" },
        { "/restaurants", $$$"""{"name":["A"],"address":{{{Address}}},"menu":{{{Menu}}}}""" },
        { "/restaurants", $$$"""{"name":"A","address":{{{Address}}},"menu":{"menuItems":"1"}}""" },
        { "/restaurants", $$$"""{"name":"A","address":{{{Address}}},"menu":{"menuItems":[{"id":"1","name":"Dal","price":true}]}}""" },
        { "/couriers", $$$"""{"name":{{{Name}}},"address":"1 Main St"}""" },
        { "/couriers/{courier}/availability", """{"available":"yes"}""" },
        { "/couriers/{courier}/availability", """{"available":1}""" },
        { "/orders", Order(consumerId: "\"abc\"") },
        { "/orders", Order(consumerId: "1.5") },
        { "/orders", Order(restaurantId: "true") },
        { "/orders", Order(deliveryTime: "\"tomorrow\"") },
        { "/orders", Order(deliveryTime: "20990101") },
        { "/orders", Order(lines: """[{"menuItemId":"1","quantity":"five"}]""") },
        { "/orders", Order(lines: """[{"menuItemId":"1","quantity":2147483648}]""") },
        { "/orders", Order(lines: """{"menuItemId":"1","quantity":5}""") },
        { "/orders/{order}/revise", """{"revisedLineItemQuantities":[1]}""" },
        { "/orders/{order}/revise", """{"revisedLineItemQuantities":{"1":"ten"}}""" },
        { "/orders/{order}/revise", """{"revisedLineItemQuantities":{"1":1.5}}""" },
        { "/orders/{order}/accept", """{"readyBy":"soon"}""" },
        { "/orders/{order}/accept", """{"readyBy":12}""" },
        { "/orders/{order}/accept", """{"readyBy":"2099-13-45T99:00:00"}""" },
    };

    [Theory]
    [MemberData(nameof(BadBodies))]
    public async Task Post_WithBadBody_Returns400Problem(string path, string body)
    {
        using var client = await fixture.ClientAsync();
        var (orderId, consumerId, restaurantId) = await client.NewOrderAsync();
        var courierId = await client.CreateCourierAsync(available: false);
        string Fill(string text) => text.Replace("{order}", $"{orderId}").Replace("{courier}", $"{courierId}")
            .Replace("{consumer}", $"{consumerId}").Replace("{restaurant}", $"{restaurantId}");
        var before = (await client.GetOrderAsync(orderId)).GetRawText();

        var response = await client.PostRawAsync(Fill(path), Fill(body));

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal(before, (await client.GetOrderAsync(orderId)).GetRawText());
    }

    [Theory]
    [InlineData("/consumers", "text/plain")]
    [InlineData("/orders/{order}/accept", "text/plain")]
    public async Task Post_WithoutJsonContentType_Returns415Problem(string path, string mediaType)
    {
        using var client = await fixture.ClientAsync();
        var (orderId, _, _) = await client.NewOrderAsync();
        var url = path.Replace("{order}", $"{orderId}");

        var response = await client.PostRawAsync(url, "readyBy=2099-01-01T12:00:00", mediaType);

        // The framework answers these itself (status-code pages), so the problem carries no FTGO code.
        var body = await Expect.StatusAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("\"status\":415", body);
        Assert.Equal("APPROVED", await client.GetOrderStateAsync(orderId));
    }

    [Fact]
    public async Task Accept_WithNoBodyAtAll_Returns400Problem()
    {
        using var client = await fixture.ClientAsync();
        var (orderId, _, _) = await client.NewOrderAsync();

        var response = await client.PostAsync($"/orders/{orderId}/accept");

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal("APPROVED", await client.GetOrderStateAsync(orderId));
    }

    private static string Long(int length) => new('x', length);

    private static string Restaurant(string name = "A", string zip = "94611", string itemId = "1", string itemName = "Dal", string price = "12.34") =>
        $$$"""{"name":"{{{name}}}","address":{"street1":"1 Main","city":"Oakland","state":"CA","zip":"{{{zip}}}"},"menu":{"menuItems":[{"id":"{{{itemId}}}","name":"{{{itemName}}}","price":"{{{price}}}"}]}}""";

    // Values the columns cannot hold (lengths, numeric(12,2), date-time range) must be refused on
    // every store alike: SQLite would keep them, PostgreSQL (and CDC into it) would fail with a 500.
    public static TheoryData<string, string> OutOfRange() => new()
    {
        { "/consumers", $$$"""{"name":{"firstName":"{{{Long(101)}}}","lastName":"Doe"}}""" },
        { "/couriers", $$$"""{"name":{"firstName":"Chris","lastName":"{{{Long(101)}}}"},"address":{{{Address}}}}""" },
        { "/couriers", $$$"""{"name":{{{Name}}},"address":{"street1":"{{{Long(201)}}}","city":"Oakland","state":"CA","zip":"94611"}}""" },
        { "/couriers", $$$"""{"name":{{{Name}}},"address":{"street1":"1 Main","city":"{{{Long(101)}}}","state":"CA","zip":"94611"}}""" },
        { "/couriers", $$$"""{"name":{{{Name}}},"address":{"street1":"1 Main","city":"Oakland","state":"{{{Long(51)}}}","zip":"94611"}}""" },
        { "/restaurants", Restaurant(name: Long(201)) },
        { "/restaurants", Restaurant(zip: Long(21)) },
        { "/restaurants", Restaurant(itemId: Long(65)) },
        { "/restaurants", Restaurant(itemName: Long(201)) },
        { "/restaurants", Restaurant(price: "12.345") },
        { "/restaurants", Restaurant(price: "10000000000.00") },
        { "/orders", Order(address: $$$"""{"street1":"1 Main","street2":"{{{Long(201)}}}","city":"Oakland","state":"CA","zip":"94611"}""") },
        { "/orders/{order}/accept", """{"readyBy":"9999-12-31T23:59:59"}""" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public async Task Post_WithValueTheStoreCannotHold_Returns400Problem(string path, string body)
    {
        using var client = await fixture.ClientAsync();
        var (orderId, consumerId, restaurantId) = await client.NewOrderAsync();
        await client.CreateCourierAsync();
        string Fill(string text) => text.Replace("{order}", $"{orderId}")
            .Replace("{consumer}", $"{consumerId}").Replace("{restaurant}", $"{restaurantId}");

        var response = await client.PostRawAsync(Fill(path), Fill(body));

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal("APPROVED", await client.GetOrderStateAsync(orderId));
    }

    [Fact]
    public async Task Accept_WithLatestSchedulableReadyBy_PlansDropoffAtTheLastSecond()
    {
        using var client = await fixture.ClientAsync();
        var (orderId, _, _) = await client.NewOrderAsync();
        await client.CreateCourierAsync();

        await Expect.OkAsync(await client.PostRawAsync($"/orders/{orderId}/accept", """{"readyBy":"9999-12-31T23:29:59"}"""));

        var actions = (await client.GetOrderAsync(orderId)).GetProperty("courierActions");
        Wire.AssertLocalDateTime("9999-12-31T23:29:59", actions[0].GetProperty("time"));
        Wire.AssertLocalDateTime("9999-12-31T23:59:59", actions[1].GetProperty("time"));
    }

    [Fact]
    public async Task CreateRestaurant_WithValuesAtTheColumnLimits_KeepsThemExactly()
    {
        using var client = await fixture.ClientAsync();
        var consumerId = await client.CreateConsumerAsync(Long(100), Long(100));
        var name = Long(200);
        var itemId = new string('7', 64);

        var created = await Expect.OkJsonAsync(await client.PostRawAsync("/restaurants",
            Restaurant(name: name, zip: Long(20), itemId: itemId, itemName: Long(200), price: "9999999999.99")));

        var restaurantId = Wire.Id(created.GetProperty("id"));
        Assert.Equal(name, (await client.GetOkAsync($"/restaurants/{restaurantId}")).GetProperty("name").GetString());
        var orderId = await client.CreateOrderAsync(consumerId, restaurantId, (itemId, 3));
        Wire.AssertMoney("29999999999.97", (await client.GetOrderAsync(orderId)).GetProperty("orderTotal"));
    }

    [Fact]
    public async Task CreateRestaurant_WithTrailingZeroBeyondCents_IsTheSamePrice()
    {
        using var client = await fixture.ClientAsync();
        var consumerId = await client.CreateConsumerAsync();

        var restaurantId = Wire.Id((await Expect.OkJsonAsync(await client.PostRawAsync("/restaurants", Restaurant(price: "12.340")))).GetProperty("id"));

        var orderId = await client.CreateOrderAsync(consumerId, restaurantId, ("1", 5));
        Wire.AssertMoney("61.70", (await client.GetOrderAsync(orderId)).GetProperty("orderTotal"));
    }
}
