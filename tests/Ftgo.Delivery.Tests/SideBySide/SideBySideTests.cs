using System.Text.Json;
using Ftgo.Delivery.Couriers;
using Ftgo.Delivery.Restaurants;
using Ftgo.Delivery.Tests.Infrastructure;
using Ftgo.Glue.Contracts;

namespace Ftgo.Delivery.Tests.SideBySide;

using Ftgo.Delivery.Deliveries;

/// <summary>
/// The legacy-compatible routes of the Delivery service against the monolith itself: the same
/// state on both sides, the same request, the same status and body (trace ids aside). The
/// monolith's state is built through its API; the service's through its handlers, with the
/// messages the monolith and Kitchen would send, and the handlers' events are checked against
/// what the monolith did.
/// </summary>
public sealed class SideBySideTests(TwinFixture twins) : IClassFixture<TwinFixture>
{
    private static readonly HttpMethod Get = HttpMethod.Get;
    private static readonly HttpMethod Post = HttpMethod.Post;

    private const string Address = """{"street1":"10 Courier Lane","street2":"Flat 2","city":"Oakland","state":"CA","zip":"94610"}""";

    private static string CourierJson(string first = "Ada", string last = "Courier", string address = Address) =>
        $$"""{"name":{"firstName":"{{first}}","lastName":"{{last}}"},"address":{{address}}}""";

    [Fact]
    public async Task Couriers_CreateGetAndAvailability_AnswerAlike()
    {
        var id = await CreateCourierAsync(CourierJson(address: """{"street1":" 10 Courier Lane ","street2":" ","city":"Oakland","state":"CA","zip":"94610"}"""));

        await twins.AlikeAsync(Get, $"/couriers/{id}");
        await twins.AlikeAsync(Post, $"/couriers/{id}/availability", """{"available":true}""");
        var available = await twins.AlikeAsync(Get, $"/couriers/{id}");
        Assert.Contains("\"available\":true", available.Body);
        await twins.AlikeAsync(Post, $"/couriers/{id}/availability", """{"available":true}""");
        await twins.AlikeAsync(Post, $"/couriers/{id}/availability", """{"available":false}""");
        Assert.Contains("\"available\":false", (await twins.AlikeAsync(Get, $"/couriers/{id}")).Body);
    }

    public static TheoryData<string, string, string, int> BadRequests => new()
    {
        { "/couriers", """{"name": {"firstName": "John",""", "application/json", 400 },
        { "/couriers", "not json", "application/json", 400 },
        { "/couriers", "", "application/json", 400 },
        { "/couriers", CourierJson(first: " "), "application/json", 400 },
        { "/couriers", CourierJson(last: new string('x', 101)), "application/json", 400 },
        { "/couriers", CourierJson(address: """{"street1":"","city":"Oakland","state":"CA","zip":"94610"}"""), "application/json", 400 },
        { "/couriers", CourierJson(), "text/plain", 415 },
        { "/couriers/1/availability", """{"available":""", "application/json", 400 },
        { "/couriers/987654/availability", """{"available":true}""", "application/json", 404 },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Couriers_BadRequests_AnswerAlike(string path, string body, string mediaType, int status)
    {
        var reply = await twins.AlikeAsync(Post, path, body, mediaType);
        Assert.Equal(status, reply.Status);
    }

    [Theory]
    [InlineData("GET", "/couriers/987654", 404)]
    [InlineData("GET", "/couriers/abc", 404)]
    [InlineData("POST", "/orders/987654/pickedup", 404)]
    [InlineData("POST", "/orders/987654/delivered", 404)]
    [InlineData("POST", "/orders/abc/pickedup", 404)]
    public async Task UnknownIds_AnswerAlike(string method, string path, int status)
    {
        var reply = await twins.AlikeAsync(new HttpMethod(method), path);
        Assert.Equal(status, reply.Status);
    }

    /// <summary>
    /// A known difference: when a JSON value has the wrong type, the framework's message names the
    /// .NET type it was reading into, which differs between the two processes. Status, problem type
    /// and title are still the same; the gateway's comparison ignores <c>detail</c> for this case.
    /// </summary>
    [Fact]
    public async Task WrongJsonType_AnswersWithTheSameStatusAndProblemType()
    {
        var (legacy, delivery) = await twins.BothAsync(Post, "/couriers", """{"name": 5, "address": {}}""");
        Assert.Equal((400, legacy.MediaType), (delivery.Status, delivery.MediaType));
        var l = JsonDocument.Parse(legacy.Body).RootElement;
        var d = JsonDocument.Parse(delivery.Body).RootElement;
        Assert.Equal(l.GetProperty("type").GetString(), d.GetProperty("type").GetString());
        Assert.Equal(l.GetProperty("title").GetString(), d.GetProperty("title").GetString());
        Assert.Equal(
            l.GetProperty("detail").GetString()!.Replace("Ftgo.Legacy.Common.PersonName", "T"),
            d.GetProperty("detail").GetString()!.Replace("Ftgo.Delivery.LegacyContract.LegacyPersonName", "T"));
    }

    [Fact]
    public async Task DeliveryLifecycle_EveryStepAnswersAlike()
    {
        var courier = await CreateCourierAsync(CourierJson(first: "Lifecycle"));
        await twins.AlikeAsync(Post, $"/couriers/{courier}/availability", """{"available":true}""");
        var orderId = await PlaceOrderAsync();
        var readyBy = twins.Delivery.Now().AddHours(1);

        var scheduled = await AcceptAsync(orderId, readyBy);

        // The handler's event says what the monolith did: same courier, same actions.
        var legacyOrder = await Expect.OkJsonAsync(await twins.LegacyClient.GetAsync($"/orders/{orderId}"));
        Assert.Equal(legacyOrder.GetProperty("assignedCourier").GetInt64(), scheduled.CourierId);
        Assert.Equal(
            legacyOrder.GetProperty("courierActions").EnumerateArray()
                .Select(a => new CourierActionData(a.GetProperty("type").GetString()!, DateTime.Parse(a.GetProperty("time").GetString()!))),
            scheduled.Actions);
        Assert.Equal(
            [new CourierActionData("PICKUP", readyBy), new CourierActionData("DROPOFF", readyBy.AddMinutes(30))], scheduled.Actions);
        await twins.AlikeAsync(Get, $"/couriers/{scheduled.CourierId}");

        Assert.Equal(409, (await twins.AlikeAsync(Post, $"/orders/{orderId}/pickedup")).Status);   // ACCEPTED
        Assert.Equal(409, (await twins.AlikeAsync(Post, $"/orders/{orderId}/delivered")).Status);

        await Expect.OkAsync(await twins.LegacyClient.PostAsync($"/orders/{orderId}/preparing", null));
        await twins.Delivery.PreparingAsync(orderId);
        Assert.Equal(409, (await twins.AlikeAsync(Post, $"/orders/{orderId}/pickedup")).Status);   // PREPARING

        await Expect.OkAsync(await twins.LegacyClient.PostAsync($"/orders/{orderId}/ready", null));
        await twins.Delivery.ReadyForPickupAsync(orderId);
        Assert.Equal(409, (await twins.AlikeAsync(Post, $"/orders/{orderId}/delivered")).Status);  // READY_FOR_PICKUP
        Assert.Equal(200, (await twins.AlikeAsync(Post, $"/orders/{orderId}/pickedup")).Status);
        Assert.Equal(409, (await twins.AlikeAsync(Post, $"/orders/{orderId}/pickedup")).Status);   // PICKED_UP
        Assert.Equal(200, (await twins.AlikeAsync(Post, $"/orders/{orderId}/delivered")).Status);
        Assert.Equal(409, (await twins.AlikeAsync(Post, $"/orders/{orderId}/delivered")).Status);  // DELIVERED
        Assert.Equal(409, (await twins.AlikeAsync(Post, $"/orders/{orderId}/pickedup")).Status);

        Assert.Equal("DELIVERED", (await Expect.OkJsonAsync(await twins.LegacyClient.GetAsync($"/orders/{orderId}"))).GetProperty("state").GetString());
        Assert.Equal(DeliveryState.Delivered, (await twins.Delivery.DeliveryAsync(orderId)).State);
        await twins.AlikeAsync(Get, $"/couriers/{scheduled.CourierId}");
        await twins.AlikeAsync(Post, $"/couriers/{courier}/availability", """{"available":false}""");
    }

    [Fact]
    public async Task ApprovedAndCancelledOrders_AnswerAlike()
    {
        var approved = await PlaceOrderAsync();
        Assert.Equal(409, (await twins.AlikeAsync(Post, $"/orders/{approved}/pickedup")).Status);
        Assert.Equal(409, (await twins.AlikeAsync(Post, $"/orders/{approved}/delivered")).Status);

        var cancelled = await PlaceOrderAsync();
        await Expect.OkAsync(await twins.LegacyClient.PostAsync($"/orders/{cancelled}/cancel", null));
        await twins.Delivery.CancelAsync(cancelled);
        Assert.Equal(DeliveryState.Cancelled, (await twins.Delivery.DeliveryAsync(cancelled)).State);
        Assert.Equal(409, (await twins.AlikeAsync(Post, $"/orders/{cancelled}/pickedup")).Status);
        Assert.Equal(409, (await twins.AlikeAsync(Post, $"/orders/{cancelled}/delivered")).Status);
    }

    private async Task<long> CreateCourierAsync(string json)
    {
        var reply = await twins.AlikeAsync(Post, "/couriers", json);
        Assert.Equal(200, reply.Status);
        return JsonDocument.Parse(reply.Body).RootElement.GetProperty("id").GetInt64();
    }

    /// <summary>A restaurant and an order in the monolith; its replica and OrderCreated in the service.</summary>
    private async Task<long> PlaceOrderAsync()
    {
        var restaurant = (await Expect.OkJsonAsync(await twins.LegacyClient.PostAsJsonAsync("/restaurants", new
        {
            name = "Ajanta",
            address = new { street1 = "1 Main Street", street2 = "Unit 99", city = "Oakland", state = "CA", zip = "94611" },
            menu = new { menuItems = new[] { new { id = "1", name = "Chicken Vindaloo", price = "12.34" } } },
        }))).GetProperty("id").GetInt64();
        var deliveryTime = twins.Delivery.Now().AddHours(2);
        var orderId = (await Expect.OkJsonAsync(await twins.LegacyClient.PostAsJsonAsync("/orders", new
        {
            consumerId = twins.ConsumerId,
            restaurantId = restaurant,
            deliveryAddress = new { street1 = "9 Amazing View", city = "Oakland", state = "CA", zip = "94612" },
            deliveryTime = deliveryTime.ToString("yyyy-MM-dd'T'HH:mm:ss"),
            lineItems = new[] { new { menuItemId = "1", quantity = 5 } },
        }))).GetProperty("orderId").GetInt64();

        await twins.Delivery.HandleAsync(db => ReplicateRestaurantHandler.Handle(
            new ReplicateRestaurant(restaurant, "Ajanta", TestData.RestaurantAddress), db, default));
        await twins.Delivery.HandleAsync(db => OrderCreatedHandler.Handle(new OrderCreated(orderId, twins.ConsumerId, restaurant,
            [new OrderLineItemData("1", "Chicken Vindaloo", 12.34m, 5)], new AddressData("9 Amazing View", null, "Oakland", "CA", "94612"),
            deliveryTime), db, default));
        return orderId;
    }

    /// <summary>Accept in the monolith; ScheduleDelivery in the service, returning its event.</summary>
    private async Task<CourierScheduledForDelivery> AcceptAsync(long orderId, DateTime readyBy)
    {
        await Expect.OkAsync(await twins.LegacyClient.PostAsJsonAsync($"/orders/{orderId}/accept",
            new { readyBy = readyBy.ToString("yyyy-MM-dd'T'HH:mm:ss") }));
        var scheduled = await twins.Delivery.ScheduleAsync(orderId, readyBy);
        Assert.NotNull(scheduled);
        return scheduled;
    }
}
