using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Ftgo.Gateway.Tests.Infrastructure;

/// <summary>An answer of the FTGO API: status, origin header and JSON body.</summary>
public sealed record FtgoAnswer(HttpStatusCode Status, string? Origin, JsonNode? Json, string Body)
{
    /// <summary>The Retry-After header, in seconds; null when absent.</summary>
    public int? RetryAfterSeconds { get; init; }

    public FtgoAnswer EnsureOk(string what) =>
        Status == HttpStatusCode.OK ? this : throw new InvalidOperationException($"{what}: {(int)Status} {Body} (origin {Origin})");
}

/// <summary>FTGO's legacy contract as a client uses it (DESIGN.md shapes), through the gateway or straight to a backend.</summary>
public sealed class FtgoClient(HttpClient http)
{
    public string? Cookie { get; private set; }

    public HttpClient Http => http;

    public static async Task<FtgoClient> LoginAsync(HttpClient http, string username = "demo", string password = "demo")
    {
        var client = new FtgoClient(http);
        var response = await http.PostAsJsonAsync("/login", new { username, password });
        response.EnsureSuccessStatusCode();
        var setCookie = response.Headers.GetValues("Set-Cookie").First(c => c.StartsWith("FTGO_SESSION=", StringComparison.Ordinal));
        client.Cookie = setCookie.Split(';')[0];
        return client;
    }

    public FtgoClient WithCookie(string? cookie) => new(http) { Cookie = cookie };

    public Task<FtgoAnswer> GetAsync(string path) => SendAsync(HttpMethod.Get, path, null);

    public Task<FtgoAnswer> PostAsync(string path, object? body = null) => SendAsync(HttpMethod.Post, path, body ?? new { });

    public async Task<FtgoAnswer> SendAsync(HttpMethod method, string path, object? body)
    {
        using var request = new HttpRequestMessage(method, path);
        if (Cookie is not null)
        {
            request.Headers.Add("Cookie", Cookie);
        }
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonNode? json = null;
        if (response.Content.Headers.ContentType?.MediaType?.Contains("json") == true && text.Length > 0)
        {
            json = JsonNode.Parse(text);
        }
        return new FtgoAnswer(response.StatusCode, response.Headers.TryGetValues("X-Ftgo-Origin", out var origin) ? origin.First() : null,
            json, text) { RetryAfterSeconds = (int?)response.Headers.RetryAfter?.Delta?.TotalSeconds };
    }

    public async Task<long> CreateConsumerAsync(string first = "Ada", string last = "Lovelace") =>
        (await PostAsync("/consumers", new { name = new { firstName = first, lastName = last } })).EnsureOk("create consumer")
        .Json!["consumerId"]!.GetValue<long>();

    public async Task<long> CreateRestaurantAsync(string name = "Ajanta") =>
        (await PostAsync("/restaurants", new
        {
            name,
            address = Address(),
            menu = new { menuItems = new[] { new { id = "1", name = "Chicken Vindaloo", price = "12.34" }, new { id = "2", name = "Samosa", price = "5.00" } } },
        })).EnsureOk("create restaurant").Json!["id"]!.GetValue<long>();

    public async Task<long> CreateCourierAsync(bool available = true)
    {
        var id = (await PostAsync("/couriers", new { name = new { firstName = "Cat", lastName = "Courier" }, address = Address() }))
            .EnsureOk("create courier").Json!["id"]!.GetValue<long>();
        if (available)
        {
            (await PostAsync($"/couriers/{id}/availability", new { available = true })).EnsureOk("courier availability");
        }
        return id;
    }

    public async Task<long> CreateOrderAsync(long consumerId, long restaurantId, int quantity = 5) =>
        (await PostAsync("/orders", new
        {
            consumerId,
            restaurantId,
            deliveryAddress = Address(),
            deliveryTime = DateTime.Now.AddHours(2).ToString("yyyy-MM-dd'T'HH:mm:ss"),
            lineItems = new[] { new { menuItemId = "1", quantity } },
        })).EnsureOk("create order").Json!["orderId"]!.GetValue<long>();

    /// <summary>A courier made straight on the monolith (whatever stage the gateway's groups are at).</summary>
    public static async Task<long> CourierOnLegacyAsync(Uri legacy, bool available = true)
    {
        var direct = await LoginAsync(Loopback.Client(legacy));
        return await direct.CreateCourierAsync(available);
    }

    public static object Address() => new { street1 = "1 High Street", street2 = "Flat 2", city = "Oakland", state = "CA", zip = "94612" };
}
