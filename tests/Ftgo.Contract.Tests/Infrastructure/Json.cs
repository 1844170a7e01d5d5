using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Ftgo.Contract.Tests.Infrastructure;

/// <summary>The FTGO APIs as the tests call them: each call must answer 200.</summary>
public static class Json
{
    public static readonly object Address = new { street1 = "1 Main Street", street2 = "Unit 99", city = "Oakland", state = "CA", zip = "94611" };

    public static async Task<JsonNode?> PostOkAsync(this HttpClient client, string path, object? body = null) =>
        await OkAsync(await client.PostAsJsonAsync(path, body ?? new { }));

    public static async Task<JsonNode?> GetOkAsync(this HttpClient client, string path) => await OkAsync(await client.GetAsync(path));

    private static async Task<JsonNode?> OkAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}: {(int)response.StatusCode} {text}");
        return text.Length == 0 ? null : JsonNode.Parse(text);
    }

    public static string Format(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>On the monolith: a consumer, a restaurant (menu item "1" at 12.34) and an order of 5 — the first order, id 1, as in the samples.</summary>
    public static async Task<long> CreateOrderOnLegacyAsync(HttpClient legacy)
    {
        var consumerId = (await legacy.PostOkAsync("/consumers", new { name = new { firstName = "John", lastName = "Doe" } }))!["consumerId"]!.GetValue<long>();
        var restaurantId = (await legacy.PostOkAsync("/restaurants", new
        {
            name = "Ajanta",
            address = Address,
            menu = new { menuItems = new[] { new { id = "1", name = "Chicken Vindaloo", price = "12.34" } } },
        }))!["id"]!.GetValue<long>();
        return (await legacy.PostOkAsync("/orders", new
        {
            consumerId,
            restaurantId,
            deliveryAddress = Address,
            deliveryTime = Format(DateTime.Now.AddHours(2)),
            lineItems = new[] { new { menuItemId = "1", quantity = 5 } },
        }))!["orderId"]!.GetValue<long>();
    }
}
