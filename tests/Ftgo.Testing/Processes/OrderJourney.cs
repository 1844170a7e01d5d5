using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Ftgo.Testing.Processes;

/// <summary>
/// What a client of FTGO does, through the gateway, as the demo's clients do: logs in, registers a
/// consumer, a restaurant and an available courier, then takes orders from placed to delivered
/// (accept, preparing, ready, picked up, delivered). A step that depends on a message still on its
/// way (a ticket not yet opened by Kitchen, a courier not yet scheduled by Delivery) is retried
/// until a deadline; an order is done when the monolith shows it DELIVERED.
/// </summary>
public sealed class OrderJourney : IDisposable
{
    private static readonly object Address = new { street1 = "1 Main Street", city = "Oakland", state = "CA", zip = "94612" };
    private static readonly string[] Steps = ["accept", "preparing", "ready", "pickedup", "delivered"];
    private readonly HttpClient _client;
    private long _consumer;
    private long _restaurant;

    public OrderJourney(Uri gateway)
    {
        _client = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = gateway,
            Timeout = TimeSpan.FromSeconds(10),
        };
    }

    /// <summary>How long one step is retried.</summary>
    public TimeSpan StepDeadline { get; init; } = TimeSpan.FromSeconds(60);

    public async Task PrepareAsync()
    {
        (await _client.PostAsJsonAsync("/login", new { username = "demo", password = "demo" })).EnsureSuccessStatusCode();
        _consumer = (await PostAsync("/consumers", new { name = new { firstName = "Load", lastName = "Client" } }))["consumerId"]!.GetValue<long>();
        _restaurant = (await PostAsync("/restaurants", new
        {
            name = "Ajanta",
            address = Address,
            menu = new { menuItems = new[] { new { id = "1", name = "Chicken Vindaloo", price = "12.34" } } },
        }))["id"]!.GetValue<long>();
        await AddCourierAsync();
    }

    /// <summary>Registers a courier and makes it available (on whichever side the delivery group's stage sends it).</summary>
    public async Task AddCourierAsync()
    {
        var courier = (await PostAsync("/couriers", new { name = new { firstName = "Courier", lastName = "One" }, address = Address }))["id"]!.GetValue<long>();
        await RetryAsync($"/couriers/{courier}/availability", new { available = true });
    }

    /// <summary>Places an order and takes it to DELIVERED; returns its id.</summary>
    public async Task<long> DeliverOrderAsync()
    {
        var order = (await PostAsync("/orders", new
        {
            consumerId = _consumer,
            restaurantId = _restaurant,
            deliveryAddress = Address,
            deliveryTime = DateTime.Now.AddHours(2).ToString("yyyy-MM-dd'T'HH:mm:ss"),
            lineItems = new[] { new { menuItemId = "1", quantity = 2 } },
        }))["orderId"]!.GetValue<long>();
        foreach (var step in Steps)
        {
            object body = step == "accept" ? new { readyBy = DateTime.Now.AddMinutes(45).ToString("yyyy-MM-dd'T'HH:mm:ss") } : new { };
            await RetryAsync($"/orders/{order}/{step}", body);
        }
        await Eventually.UntilAsync(async () =>
            {
                var json = await _client.GetFromJsonAsync<JsonNode>($"/orders/{order}");
                return json?["state"]?.GetValue<string>();
            }, state => state == "DELIVERED", $"the monolith to show order {order} DELIVERED", StepDeadline);
        return order;
    }

    public void Dispose() => _client.Dispose();

    private async Task<JsonNode> PostAsync(string path, object body)
    {
        using var response = await _client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(text) ?? new JsonObject()
            : throw new InvalidOperationException($"POST {path} answered {(int)response.StatusCode}: {text}");
    }

    private Task RetryAsync(string path, object body) =>
        Eventually.UntilAsync(async () =>
            {
                using var response = await _client.PostAsJsonAsync(path, body);
                return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }, answer => answer.StartsWith("200", StringComparison.Ordinal), $"POST {path} to answer 200", StepDeadline);
}
