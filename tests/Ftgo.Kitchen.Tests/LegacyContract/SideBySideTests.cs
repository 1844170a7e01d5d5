using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Kitchen.Tests.Infrastructure;
using Ftgo.Legacy;
using Ftgo.Testing.Hosts;
using static Ftgo.Kitchen.Tests.Infrastructure.Seeding;

namespace Ftgo.Kitchen.Tests.LegacyContract;

/// <summary>
/// The same state seeded in the monolith and in Kitchen, then the same request to the legacy kitchen
/// routes of both: the status and the body (less the per-request trace id) must be identical.
/// </summary>
public sealed class SideBySideTests : IAsyncLifetime
{
    private TestDatabase _legacyDatabase = null!;
    private ServiceHost<LegacyOptions> _legacy = null!;
    private KitchenApp _kitchen = null!;
    private HttpClient _legacyClient = null!;
    private HttpClient _kitchenClient = null!;
    private long _consumerId;
    private long _restaurantId;

    public async Task InitializeAsync()
    {
        _kitchen = await KitchenApp.StartAsync(Store.Sqlite);
        _kitchenClient = _kitchen.AuthorizedClient();
        // The monolith on its own SQLite file, with the demo login.
        _legacyDatabase = await TestDatabase.CreateAsync(Store.Sqlite, "legacy");
        _legacy = new ServiceHost<LegacyOptions>(LegacySettings.For(_legacyDatabase));
        _legacyClient = _legacy.CreateClient();
        var login = await _legacyClient.PostAsJsonAsync("/login", new { username = "demo", password = "demo" });
        login.EnsureSuccessStatusCode();
        _consumerId = JsonNode.Parse(await login.Content.ReadAsStringAsync())!["consumerId"]!.GetValue<long>();
        var address = new { street1 = "1 Main St", city = "Oakland", state = "CA", zip = "94611" };
        var restaurant = await _legacyClient.PostAsJsonAsync("/restaurants", new
        {
            name = "Ajanta", address,
            menu = new { menuItems = new[] { new { id = "1", name = "Curry", price = "12.50" }, new { id = "2", name = "Naan", price = "3.00" } } },
        });
        restaurant.EnsureSuccessStatusCode();
        _restaurantId = JsonNode.Parse(await restaurant.Content.ReadAsStringAsync())!["id"]!.GetValue<long>();
        var courier = await _legacyClient.PostAsJsonAsync("/couriers", new { name = new { firstName = "Cy", lastName = "Clist" }, address });
        courier.EnsureSuccessStatusCode();
        var courierId = JsonNode.Parse(await courier.Content.ReadAsStringAsync())!["id"]!.GetValue<long>();
        (await _legacyClient.PostAsJsonAsync($"/couriers/{courierId}/availability", new { available = true })).EnsureSuccessStatusCode();
    }

    public async Task DisposeAsync()
    {
        await _legacy.DisposeAsync();
        await _legacyDatabase.DisposeAsync();
        await _kitchen.DisposeAsync();
    }

    [Fact]
    public async Task Accept_Ok_AnswersTheSame() =>
        await Compare(await NewOrderAsync(), "accept", ReadyByIn(TimeSpan.FromMinutes(30)), expectedStatus: 200);

    [Fact]
    public async Task Accept_FromWrongState_AnswersTheSame()
    {
        var id = await NewOrderAsync();
        await Compare(id, "accept", ReadyByIn(TimeSpan.FromMinutes(30)), expectedStatus: 200);
        await Compare(id, "accept", ReadyByIn(TimeSpan.FromMinutes(40)), expectedStatus: 409);
    }

    [Fact]
    public async Task Accept_WithReadyByInPast_AnswersTheSame() =>
        await Compare(await NewOrderAsync(), "accept", ReadyByIn(TimeSpan.FromMinutes(-5)), expectedStatus: 409);

    [Fact]
    public async Task Accept_UnknownOrder_AnswersTheSame() =>
        await Compare(987_654, "accept", ReadyByIn(TimeSpan.FromMinutes(30)), expectedStatus: 404);

    [Fact]
    public async Task Accept_MalformedJson_AnswersTheSame() =>
        await Compare(await NewOrderAsync(), "accept", "{\"readyBy\": ", expectedStatus: 400);

    [Fact]
    public async Task PreparingAndReady_AlongAndAgainstTheStateMachine_AnswerTheSame()
    {
        var id = await NewOrderAsync();
        await Compare(id, "preparing", null, expectedStatus: 409);
        await Compare(id, "ready", null, expectedStatus: 409);
        await Compare(id, "accept", ReadyByIn(TimeSpan.FromMinutes(30)), expectedStatus: 200);
        await Compare(id, "ready", null, expectedStatus: 409);
        await Compare(id, "preparing", null, expectedStatus: 200);
        await Compare(id, "preparing", null, expectedStatus: 409);
        await Compare(id, "ready", null, expectedStatus: 200);
        await Compare(id, "ready", null, expectedStatus: 409);
    }

    /// <summary>An order placed in the monolith, and its ticket opened in Kitchen as the monolith's CreateTicket would.</summary>
    private async Task<long> NewOrderAsync()
    {
        var order = await _legacyClient.PostAsJsonAsync("/orders", new
        {
            consumerId = _consumerId,
            restaurantId = _restaurantId,
            deliveryAddress = new { street1 = "9 Elm St", city = "Oakland", state = "CA", zip = "94612" },
            deliveryTime = DateTime.Now.AddHours(2).ToString("yyyy-MM-ddTHH:mm:ss"),
            lineItems = new[] { new { menuItemId = "1", quantity = 2 }, new { menuItemId = "2", quantity = 1 } },
        });
        order.EnsureSuccessStatusCode();
        var id = JsonNode.Parse(await order.Content.ReadAsStringAsync())!["orderId"]!.GetValue<long>();
        await OpenTicketAsync(_kitchen, id);
        return id;
    }

    private async Task Compare(long orderId, string action, string? json, int expectedStatus)
    {
        var path = $"/orders/{orderId}/{action}";
        var fromLegacy = await _legacyClient.PostAsync(path, json is null ? null : JsonBody(json));
        var fromKitchen = await _kitchenClient.PostAsync(path, json is null ? null : JsonBody(json));

        var legacyBody = await Json.NormalizedBodyAsync(fromLegacy);
        Assert.Equal(expectedStatus, (int)fromLegacy.StatusCode);
        Assert.Equal((int)fromLegacy.StatusCode, (int)fromKitchen.StatusCode);
        Assert.Equal(legacyBody, await Json.NormalizedBodyAsync(fromKitchen));
        Assert.Equal(fromLegacy.Content.Headers.ContentType?.MediaType, fromKitchen.Content.Headers.ContentType?.MediaType);
    }
}
