using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Ftgo.Extraction.Tests.Infrastructure;

/// <summary>FTGO's legacy contract spoken to any side that serves it (the monolith, or a new service's legacy-compatible routes).</summary>
public static class Api
{
    public static readonly object Address = new { street1 = "1 Main Street", street2 = "Unit 99", city = "Oakland", state = "CA", zip = "94611" };

    public static string Format(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>Local now plus <paramref name="ahead"/>, to whole seconds, as the legacy wire carries it.</summary>
    public static DateTime LocalNowPlus(TimeSpan ahead)
    {
        var t = DateTime.Now + ahead;
        return new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, DateTimeKind.Unspecified);
    }

    public static async Task<JsonElement> OkJsonAsync(this Task<HttpResponseMessage> call)
    {
        var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK,
            $"Expected 200 from {response.RequestMessage?.Method} {response.RequestMessage?.RequestUri?.PathAndQuery}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    public static Task<JsonElement> PostOkAsync(this HttpClient client, string path, object? body = null) =>
        client.PostAsJsonAsync(path, body ?? new { }).OkJsonAsync();

    /// <summary>
    /// POSTs until 200, retrying a lost race (409 <c>concurrent-modification</c>), as the legacy contract asks a
    /// client to: a glue handler applying the new side's event to the same order (e.g. its courier) can win it.
    /// </summary>
    public static async Task<JsonElement> PostOkRetryingLostRacesAsync(this HttpClient client, string path)
    {
        for (var attempt = 1; ; attempt++)
        {
            var response = await client.PostAsJsonAsync(path, new { });
            if (response.StatusCode == HttpStatusCode.Conflict && attempt < 10
                && (await response.Content.ReadAsStringAsync()).Contains("\"concurrent-modification\"", StringComparison.Ordinal))
            {
                continue;
            }
            return await Task.FromResult(response).OkJsonAsync();
        }
    }

    public static Task<JsonElement> GetOkAsync(this HttpClient client, string path) => client.GetAsync(path).OkJsonAsync();

    public static async Task<long> CreateConsumerAsync(this HttpClient legacy) =>
        (await legacy.PostOkAsync("/consumers", new { name = new { firstName = "John", lastName = "Doe" } })).GetProperty("consumerId").GetInt64();

    public static async Task<long> CreateRestaurantAsync(this HttpClient legacy) =>
        (await legacy.PostOkAsync("/restaurants", new
        {
            name = "Ajanta",
            address = Address,
            menu = new { menuItems = new[] { new { id = "1", name = "Chicken Vindaloo", price = "12.34" } } },
        })).GetProperty("id").GetInt64();

    /// <summary>A courier on whichever side <paramref name="client"/> talks to, made available.</summary>
    public static async Task<long> CreateAvailableCourierAsync(this HttpClient client)
    {
        var id = (await client.PostOkAsync("/couriers", new { name = new { firstName = "Chris", lastName = "Courier" }, address = Address }))
            .GetProperty("id").GetInt64();
        await client.PostOkAsync($"/couriers/{id}/availability", new { available = true });
        return id;
    }

    public static async Task<long> CreateOrderAsync(this HttpClient legacy, long consumerId, long restaurantId) =>
        (await legacy.PostOkAsync("/orders", new
        {
            consumerId,
            restaurantId,
            deliveryAddress = Address,
            deliveryTime = Format(LocalNowPlus(TimeSpan.FromHours(2))),
            lineItems = new[] { new { menuItemId = "1", quantity = 5 } },
        })).GetProperty("orderId").GetInt64();

    public static Task<JsonElement> AcceptAsync(this HttpClient client, long orderId, DateTime readyBy) =>
        client.PostOkAsync($"/orders/{orderId}/accept", new { readyBy = Format(readyBy) });

    /// <summary>The order as the legacy contract shows it: state, courier and its actions.</summary>
    public static async Task<LegacyOrder> GetOrderAsync(this HttpClient legacy, long orderId)
    {
        var json = await legacy.GetOkAsync($"/orders/{orderId}");
        return new LegacyOrder(
            orderId,
            json.GetProperty("state").GetString()!,
            json.GetProperty("assignedCourier").ValueKind == JsonValueKind.Null ? null : json.GetProperty("assignedCourier").GetInt64(),
            json.GetProperty("courierActions").EnumerateArray()
                .Select(a => $"{a.GetProperty("type").GetString()}@{a.GetProperty("time").GetString()}").ToList());
    }
}

/// <summary>An order read through <c>GET /orders/{id}</c>.</summary>
public sealed record LegacyOrder(long OrderId, string State, long? AssignedCourier, IReadOnlyList<string> CourierActions)
{
    /// <summary>FTGO's plan for a courier: PICKUP at readyBy, DROPOFF 30 minutes later.</summary>
    public static IReadOnlyList<string> PlanFor(DateTime readyBy) =>
        [$"PICKUP@{Api.Format(readyBy)}", $"DROPOFF@{Api.Format(readyBy.AddMinutes(30))}"];

    public override string ToString() =>
        $"order {OrderId} {State} courier {AssignedCourier?.ToString(CultureInfo.InvariantCulture) ?? "-"} [{string.Join(", ", CourierActions)}]";
}
