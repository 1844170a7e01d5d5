using System.Globalization;
using System.Text.Json.Nodes;
using Ftgo.Approval.Tests.Infrastructure;

namespace Ftgo.Approval.Tests.Scenarios;

/// <summary>
/// FTGO's order life through the gateway, recorded: every route of the kitchen group (accept,
/// preparing, ready) and of the delivery group (create courier, availability, read courier, pickedup,
/// delivered), with <c>GET /orders/{id}</c> and <c>GET /couriers/{id}</c> read in every order state
/// (APPROVED, ACCEPTED, PREPARING, READY_FOR_PICKUP, PICKED_UP, DELIVERED, CANCELLED), and the
/// groups' refusals (illegal transition, unknown order or courier, malformed body), and what a client that
/// never logged in gets: the courier and order reads the monolith serves to anyone, and 401 for a write;
/// a revised order, every step out of order and the monolith's other refusals on the moved routes (a
/// readyBy in the past or missing, a courier without a name, an unknown courier). The new side is
/// never waited for by the scenario: each step follows the last as fast as a client sends it, and the
/// strangler's sync tokens make the next side hold the write before it answers.
/// </summary>
public static class OrderLifeScenario
{
    private const string Kitchen = "kitchen";
    private const string Delivery = "delivery";

    private static readonly object Address = new { street1 = "1 Main Street", street2 = "Unit 99", city = "Oakland", state = "CA", zip = "94611" };

    public static async Task RunAsync(Recorder run)
    {
        await run.LoginAsync();
        var consumerId = (await run.SetUpAsync(HttpMethod.Post, "/consumers", new { name = new { firstName = "John", lastName = "Doe" } }))!["consumerId"]!
            .GetValue<long>();
        var restaurantId = (await run.SetUpAsync(HttpMethod.Post, "/restaurants", new
        {
            name = "Ajanta",
            address = Address,
            menu = new { menuItems = new[] { new { id = "1", name = "Chicken Vindaloo", price = "12.34" } } },
        }))!["id"]!.GetValue<long>();

        // A courier, on the side that owns the delivery group.
        var courierId = (await run.RecordAsync(HttpMethod.Post, "/couriers",
            new { name = new { firstName = "Chris", lastName = "Courier" }, address = Address }, Delivery, creates: ScrubRules.CourierId))!["id"]!
            .GetValue<long>();
        await run.RecordAsync(HttpMethod.Post, $"/couriers/{courierId}/availability", new { available = true }, Delivery);
        await ReadCourierAsync(run, courierId, actions: 0);

        // An order through its whole life.
        var orderId = await CreateOrderAsync(run, consumerId, restaurantId);
        await ReadOrderAsync(run, orderId, "APPROVED");
        var readyBy = LocalNowPlus(TimeSpan.FromHours(1));
        run.Scrubber.Anchor(readyBy);
        await run.RecordAsync(HttpMethod.Post, $"/orders/{orderId}/accept", new { readyBy = Format(readyBy) }, Kitchen);
        await ReadOrderAsync(run, orderId, "ACCEPTED", withCourier: true);
        await ReadCourierAsync(run, courierId, actions: 2);
        await run.RecordAsync(HttpMethod.Post, $"/orders/{orderId}/preparing", null, Kitchen);
        await ReadOrderAsync(run, orderId, "PREPARING", withCourier: true);
        await ReadCourierAsync(run, courierId, actions: 2);
        await run.RecordAsync(HttpMethod.Post, $"/orders/{orderId}/ready", null, Kitchen);
        await ReadOrderAsync(run, orderId, "READY_FOR_PICKUP", withCourier: true);
        await ReadCourierAsync(run, courierId, actions: 2);
        await run.RecordAsync(HttpMethod.Post, $"/orders/{orderId}/pickedup", null, Delivery);
        await ReadOrderAsync(run, orderId, "PICKED_UP", withCourier: true);
        await ReadCourierAsync(run, courierId, actions: 2);
        await run.RecordAsync(HttpMethod.Post, $"/orders/{orderId}/delivered", null, Delivery);
        await ReadOrderAsync(run, orderId, "DELIVERED", withCourier: true);
        await ReadCourierAsync(run, courierId, actions: 2);

        // An order cancelled before acceptance; the groups' routes refuse it.
        var cancelledId = await CreateOrderAsync(run, consumerId, restaurantId);
        await ReadOrderAsync(run, cancelledId, "APPROVED");
        await run.RecordAsync(HttpMethod.Post, $"/orders/{cancelledId}/cancel");
        await ReadOrderAsync(run, cancelledId, "CANCELLED");
        await run.RecordAsync(HttpMethod.Post, $"/orders/{cancelledId}/accept", new { readyBy = Format(readyBy) }, Kitchen);
        await run.RecordAsync(HttpMethod.Post, $"/orders/{cancelledId}/preparing", null, Kitchen);
        await run.RecordAsync(HttpMethod.Post, $"/orders/{cancelledId}/pickedup", null, Delivery);
        await ReadCourierAsync(run, courierId, actions: 2);

        // An order revised, then every step out of order and the monolith's other refusals on the moved routes.
        var revisedId = await CreateOrderAsync(run, consumerId, restaurantId);
        await run.RecordAsync(HttpMethod.Post, $"/orders/{revisedId}/revise", new { revisedLineItemQuantities = new Dictionary<string, int> { ["1"] = 3 } });
        await ReadOrderAsync(run, revisedId, "APPROVED");
        await run.RecordAsync(HttpMethod.Post, $"/orders/{revisedId}/preparing", null, Kitchen);
        await run.RecordAsync(HttpMethod.Post, $"/orders/{revisedId}/ready", null, Kitchen);
        await run.RecordAsync(HttpMethod.Post, $"/orders/{revisedId}/pickedup", null, Delivery);
        await run.RecordAsync(HttpMethod.Post, $"/orders/{revisedId}/accept", new { readyBy = Format(readyBy.AddHours(-3)) }, Kitchen);
        await run.RecordAsync(HttpMethod.Post, $"/orders/{revisedId}/accept", new { }, Kitchen);
        await run.RecordAsync(HttpMethod.Post, $"/orders/{revisedId}/accept", new { readyBy = Format(readyBy) }, Kitchen);
        await ReadOrderAsync(run, revisedId, "ACCEPTED", withCourier: true);
        await run.RecordAsync(HttpMethod.Post, $"/orders/{revisedId}/ready", null, Kitchen);
        await run.RecordAsync(HttpMethod.Post, $"/orders/{revisedId}/delivered", null, Delivery);
        await run.RecordAsync(HttpMethod.Post, $"/orders/{revisedId}/cancel");
        await run.RecordAsync(HttpMethod.Post, "/couriers", new { address = Address }, Delivery);
        await run.RecordAsync(HttpMethod.Post, "/couriers/999999/availability", new { available = true }, Delivery);

        // Unknown ids and a malformed body.
        await run.RecordAsync(HttpMethod.Post, "/orders/999999/accept", new { readyBy = Format(readyBy) }, Kitchen);
        await run.RecordAsync(HttpMethod.Post, "/orders/999999/delivered", null, Delivery);
        await run.RecordAsync(HttpMethod.Get, "/couriers/999999", null, Delivery);
        await run.RecordAsync(HttpMethod.Post, $"/couriers/{courierId}/availability", new { available = "maybe" }, Delivery);

        // A client that never logged in: the reads the monolith serves to anyone, and a refused write.
        await run.RecordAsync(HttpMethod.Get, $"/couriers/{courierId}", group: Delivery, anonymous: true);
        await run.RecordAsync(HttpMethod.Get, "/couriers/999999", group: Delivery, anonymous: true);
        await run.RecordAsync(HttpMethod.Get, $"/orders/{orderId}", anonymous: true);
        await run.RecordAsync(HttpMethod.Post, $"/couriers/{courierId}/availability", new { available = false }, Delivery, anonymous: true);
        await run.RecordAsync(HttpMethod.Post, $"/orders/{cancelledId}/accept", new { readyBy = Format(readyBy) }, Kitchen, anonymous: true);
    }

    private static async Task<long> CreateOrderAsync(Recorder run, long consumerId, long restaurantId)
    {
        var orderId = (await run.SetUpAsync(HttpMethod.Post, "/orders", new
        {
            consumerId,
            restaurantId,
            deliveryAddress = Address,
            deliveryTime = Format(LocalNowPlus(TimeSpan.FromHours(2))),
            lineItems = new[] { new { menuItemId = "1", quantity = 5 } },
        }))!["orderId"]!.GetValue<long>();
        run.Scrubber.Name(ScrubRules.OrderId, orderId);
        return orderId;
    }

    /// <summary>The legacy read of an order, once the state (and the courier) the step expects has reached it.</summary>
    private static Task ReadOrderAsync(Recorder run, long orderId, string state, bool withCourier = false) =>
        run.RecordAsync(HttpMethod.Get, $"/orders/{orderId}", settled: json =>
            json?["state"]?.GetValue<string>() == state && (!withCourier || json["assignedCourier"] is not null));

    /// <summary>The courier, read from the delivery group's side, once its plan has the expected number of actions.</summary>
    private static Task ReadCourierAsync(Recorder run, long courierId, int actions) =>
        run.RecordAsync(HttpMethod.Get, $"/couriers/{courierId}", group: Delivery, settled: json =>
            json?["plan"]?["actions"] is JsonArray a && a.Count == actions);

    private static string Format(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Local now plus <paramref name="ahead"/>, to whole seconds, as the legacy wire carries it.</summary>
    private static DateTime LocalNowPlus(TimeSpan ahead)
    {
        var t = DateTime.Now + ahead;
        return new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, DateTimeKind.Unspecified);
    }
}
