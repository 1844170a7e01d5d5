using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Ftgo.Testing.Processes;

/// <summary>
/// What a client of FTGO does, through the gateway, as the demo's clients do: logs in, registers a
/// consumer, a restaurant and an available courier, then takes orders from placed to delivered
/// (accept, preparing, ready, picked up, delivered). Unlike <see cref="FastClient"/> (whose requests it
/// sends), a step that is refused is retried until a deadline; an order is done when the monolith shows
/// it DELIVERED.
/// </summary>
public sealed class OrderJourney(Uri gateway) : IDisposable
{
    private static readonly string[] Steps = ["accept", "preparing", "ready", "pickedup", "delivered"];
    private readonly FastClient _client = new(gateway);

    /// <summary>How long one step is retried.</summary>
    public TimeSpan StepDeadline { get; init; } = TimeSpan.FromSeconds(60);

    public async Task PrepareAsync()
    {
        await _client.PrepareAsync(couriers: 0);
        await AddCourierAsync();
    }

    /// <summary>Registers a courier and makes it available (on whichever side the delivery group's stage sends it).</summary>
    public async Task AddCourierAsync() =>
        await RetryAsync($"/couriers/{await _client.RegisterCourierAsync()}/availability", new { available = true });

    /// <summary>Places an order and takes it to DELIVERED; returns its id.</summary>
    public async Task<long> DeliverOrderAsync()
    {
        var order = await _client.PlaceOrderAsync();
        foreach (var step in Steps)
        {
            object body = step == "accept" ? new { readyBy = DateTime.Now.AddMinutes(45).ToString("yyyy-MM-dd'T'HH:mm:ss") } : new { };
            await RetryAsync($"/orders/{order}/{step}", body);
        }
        await Eventually.UntilAsync(async () =>
            {
                using var answer = await _client.GetAsync($"/orders/{order}");
                return (await answer.Content.ReadFromJsonAsync<JsonNode>())?["state"]?.GetValue<string>();
            }, state => state == "DELIVERED", $"the monolith to show order {order} DELIVERED", StepDeadline);
        return order;
    }

    public void Dispose() => _client.Dispose();

    private Task RetryAsync(string path, object body) =>
        Eventually.UntilAsync(async () =>
            {
                using var response = await _client.PostAsync(path, body);
                return $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}";
            }, answer => answer.StartsWith("200", StringComparison.Ordinal), $"POST {path} to answer 200", StepDeadline);
}
