using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Ftgo.Legacy.Tests.Infrastructure;

/// <summary>
/// Speaks FTGO's legacy JSON to the app: camelCase bodies, money and date-times as the strings
/// the tests pass in, and helpers that build the usual world (consumer, restaurant, courier, order).
/// </summary>
public sealed class FtgoClient(HttpClient http) : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public HttpClient Http => http;

    public async Task LoginAsync(string username = "demo", string password = "demo") =>
        await Expect.OkAsync(await PostAsync("/login", new { username, password }));

    /// <summary>POSTs <paramref name="body"/> as JSON, or no body at all when it is null.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, object? body = null) =>
        http.PostAsync(path, body is null ? null : new StringContent(JsonSerializer.Serialize(body, Json), Encoding.UTF8, "application/json"));

    /// <summary>POSTs <paramref name="json"/> exactly as written.</summary>
    public Task<HttpResponseMessage> PostRawAsync(string path, string json, string mediaType = "application/json")
    {
        var content = new StringContent(json, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(mediaType) { CharSet = "utf-8" };
        return http.PostAsync(path, content);
    }

    public Task<HttpResponseMessage> GetAsync(string path) => http.GetAsync(path);

    public async Task<JsonElement> GetOkAsync(string path) => await Expect.OkJsonAsync(await GetAsync(path));

    public async Task<JsonElement> PostOkAsync(string path, object? body = null) => await Expect.OkJsonAsync(await PostAsync(path, body));

    public async Task<long> CreateConsumerAsync(string firstName = "John", string lastName = "Doe") =>
        Wire.Id((await PostOkAsync("/consumers", new { name = new { firstName, lastName } })).GetProperty("consumerId"));

    /// <summary>FTGO's test restaurant "Ajanta"; by default one menu item "1", "Chicken Vindaloo" at "12.34".</summary>
    public async Task<long> CreateRestaurantAsync(params (string Id, string Name, string Price)[] menu)
    {
        if (menu.Length == 0)
        {
            menu = [("1", "Chicken Vindaloo", "12.34")];
        }
        var body = new
        {
            name = "Ajanta",
            address = TestData.Address,
            menu = new { menuItems = menu.Select(m => new { id = m.Id, name = m.Name, price = m.Price }) },
        };
        return Wire.Id((await PostOkAsync("/restaurants", body)).GetProperty("id"));
    }

    public async Task<long> CreateCourierAsync(bool available = true)
    {
        var id = Wire.Id((await PostOkAsync("/couriers",
            new { name = new { firstName = "Chris", lastName = "Courier" }, address = TestData.Address })).GetProperty("id"));
        if (available)
        {
            await Expect.OkAsync(await PostAsync($"/couriers/{id}/availability", new { available = true }));
        }
        return id;
    }

    public async Task<long> CreateOrderAsync(long consumerId, long restaurantId, params (string MenuItemId, int Quantity)[] lines)
    {
        var response = await PostAsync("/orders", TestData.CreateOrder(consumerId, restaurantId, lines));
        return Wire.Id((await Expect.OkJsonAsync(response)).GetProperty("orderId"));
    }

    public Task<HttpResponseMessage> AcceptAsync(long orderId, DateTime readyBy) =>
        PostAsync($"/orders/{orderId}/accept", new { readyBy = Wire.Format(readyBy) });

    public async Task<JsonElement> GetOrderAsync(long orderId) => await GetOkAsync($"/orders/{orderId}");

    public async Task<string> GetOrderStateAsync(long orderId) => (await GetOrderAsync(orderId)).GetProperty("state").GetString()!;

    public void Dispose() => http.Dispose();
}
