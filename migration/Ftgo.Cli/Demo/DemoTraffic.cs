using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Glue.Acl;

namespace Ftgo.Cli.Demo;

/// <summary>
/// Steady client traffic through the gateway, as FTGO's clients make it: each client logs in,
/// places an order and takes it through the kitchen and delivery (accept, preparing, ready,
/// picked up, delivered), reading the order, the consumer's orders and a courier between two steps;
/// every third order is revised and then cancelled instead. Then it registers a new courier — on
/// whichever side the delivery group's stage sends it to — and turns its availability on and off.
/// Every acknowledged write goes into the ledger (a state, a revised quantity, an availability); a
/// refused or failed write is retried a few times (the client's own retry), then left where it is —
/// still expected as last acknowledged.
/// </summary>
internal sealed class DemoTraffic(RoundRobin gateways, DemoLedger ledger, Action<string> log)
{
    private static readonly (string Path, string State)[] Steps =
    [
        ("accept", LegacyOrderStates.Accepted), ("preparing", LegacyOrderStates.Preparing), ("ready", LegacyOrderStates.ReadyForPickup),
        ("pickedup", LegacyOrderStates.PickedUp), ("delivered", LegacyOrderStates.Delivered),
    ];

    /// <summary>How long a client keeps retrying one write (a service restarting, an event still on its way to the other side).</summary>
    private static readonly TimeSpan RetryBudget = TimeSpan.FromSeconds(30);

    /// <summary>Pause before a retry.</summary>
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(250);

    private long _consumerId;
    private long _restaurantId;
    private long[] _couriers = [];

    /// <summary>Pause between two requests of one client: pacing, so the demo is steady traffic rather than a load test.</summary>
    public TimeSpan Pace { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Creates what every order needs: a consumer, a restaurant and available couriers (through the gateway, at stage off).</summary>
    public async Task PrepareAsync(int couriers, CancellationToken ct)
    {
        using var client = await LoginAsync(ct);
        _consumerId = (await PostOkAsync(client, "/consumers", new { name = new { firstName = "Demo", lastName = "Client" } }, ct))["consumerId"]!.GetValue<long>();
        _restaurantId = (await PostOkAsync(client, "/restaurants", new
        {
            name = "Ajanta",
            address = Address,
            menu = new { menuItems = new[] { new { id = "1", name = "Chicken Vindaloo", price = "12.34" }, new { id = "2", name = "Samosa", price = "5.00" } } },
        }, ct))["id"]!.GetValue<long>();
        var ids = new List<long>();
        for (var i = 0; i < couriers; i++)
        {
            var id = (await PostOkAsync(client, "/couriers", new { name = new { firstName = "Courier", lastName = $"{i + 1}" }, address = Address }, ct))["id"]!.GetValue<long>();
            await PostOkAsync(client, $"/couriers/{id}/availability", new { available = true }, ct, bodyExpected: false);
            ledger.CourierCreated(id, $"Courier {i + 1}");
            ids.Add(id);
        }
        _couriers = [.. ids];
    }

    /// <summary>Runs <paramref name="clients"/> clients until <paramref name="ct"/> is cancelled; each finishes its current request.</summary>
    public Task RunAsync(int clients, CancellationToken ct) =>
        Task.WhenAll(Enumerable.Range(0, clients).Select(i => Task.Run(() => ClientAsync(i, ct), CancellationToken.None)));

    private async Task ClientAsync(int index, CancellationToken ct)
    {
        using var client = await LoginAsync(CancellationToken.None);
        var random = new Random(index);
        var registered = 0;
        var placed = 0;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                var order = await CreateOrderAsync(client, ct);
                if (order is null)
                {
                    continue;
                }
                if (++placed % 3 == 0)
                {
                    await ReviseAndCancelAsync(client, order.Value, 2 + random.Next(5), ct);
                }
                else
                {
                    foreach (var (path, state) in Steps)
                    {
                        await ReadAsync(client, $"/orders/{order}", ct);
                        await ReadAsync(client, $"/orders?consumerId={_consumerId}", ct);
                        await ReadAsync(client, $"/couriers/{_couriers[random.Next(_couriers.Length)]}", ct);
                        if (!await WriteAsync(client, order.Value, path, state, ct))
                        {
                            break;
                        }
                    }
                }
                if (await RegisterCourierAsync(client, index, ++registered, ct) is { } courier)
                {
                    // On, then off again: the demo's orders keep to the prepared couriers.
                    if (await AvailabilityAsync(client, courier, true, ct))
                    {
                        await AvailabilityAsync(client, courier, false, ct);
                    }
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Registers a courier (left unavailable: the demo's orders keep to the prepared couriers). Not
    /// retried: a registration whose answer was lost may have happened, and is then simply not expected.
    /// </summary>
    private async Task<long?> RegisterCourierAsync(HttpClient client, int index, int number, CancellationToken ct)
    {
        await Task.Delay(Pace, ct);
        var (first, last) = ($"Rider {index + 1}", $"No. {number}");
        var (status, json) = await SendAsync(client, HttpMethod.Post, "/couriers", new { name = new { firstName = first, lastName = last }, address = Address });
        if (status == HttpStatusCode.OK && json?["id"]?.GetValue<long>() is { } id)
        {
            ledger.CourierCreated(id, $"{first} {last}");
            return id;
        }
        ledger.WriteFailed(status, firstAnswer: true);
        return null;
    }

    /// <summary>Sets a courier's availability, retried like a step; the acknowledged value is the one expected in legacy.</summary>
    private Task<bool> AvailabilityAsync(HttpClient client, long courier, bool available, CancellationToken ct) =>
        RetriedAsync(client, $"/couriers/{courier}/availability", new { available }, () => ledger.CourierAvailable(courier, available), ct);

    /// <summary>create → revise (menu item 1 to <paramref name="quantity"/>) → cancel, each acknowledged into the ledger.</summary>
    private async Task ReviseAndCancelAsync(HttpClient client, long order, int quantity, CancellationToken ct)
    {
        await ReadAsync(client, $"/orders/{order}", ct);
        if (await RetriedAsync(client, $"/orders/{order}/revise", new { revisedLineItemQuantities = new Dictionary<string, int> { ["1"] = quantity } },
                () => ledger.OrderRevised(order, quantity), ct))
        {
            await WriteAsync(client, order, "cancel", LegacyOrderStates.Cancelled, ct);
        }
    }

    /// <summary>
    /// One write, retried within the budget; <paramref name="acknowledged"/> records it once a 2xx says so, or once
    /// <paramref name="appliedDespite"/> shows that a refused attempt had in fact been applied.
    /// </summary>
    private async Task<bool> RetriedAsync(HttpClient client, string path, object body, Action acknowledged, CancellationToken ct,
        Func<HttpStatusCode, Task<bool>>? appliedDespite = null)
    {
        var giveUp = DateTime.UtcNow + RetryBudget;
        for (var attempt = 0; DateTime.UtcNow < giveUp; attempt++)
        {
            await Task.Delay(attempt == 0 ? Pace : RetryPause, ct);
            var (status, json) = await SendAsync(client, HttpMethod.Post, path, body);
            if (status == HttpStatusCode.OK)
            {
                acknowledged();
                return true;
            }
            ledger.WriteFailed(status, firstAnswer: attempt == 0);
            if (appliedDespite is not null && await appliedDespite(status))
            {
                acknowledged();
                return true;
            }
            if (attempt == 0)
            {
                log($"client: POST {path} answered {(int)status} {json?["code"] ?? json?["title"]}; retrying");
            }
        }
        log($"client: gave up on POST {path}; it stays at its last acknowledged state");
        return false;
    }

    private async Task<long?> CreateOrderAsync(HttpClient client, CancellationToken ct)
    {
        var giveUp = DateTime.UtcNow + RetryBudget;
        for (var attempt = 0; DateTime.UtcNow < giveUp; attempt++)
        {
            await Task.Delay(attempt == 0 ? Pace : RetryPause, ct);
            var (status, json) = await SendAsync(client, HttpMethod.Post, "/orders", new
            {
                consumerId = _consumerId,
                restaurantId = _restaurantId,
                deliveryAddress = Address,
                deliveryTime = DateTime.Now.AddHours(2).ToString("yyyy-MM-dd'T'HH:mm:ss"),
                lineItems = new[] { new { menuItemId = "1", quantity = 2 } },
            });
            if (status == HttpStatusCode.OK && json?["orderId"]?.GetValue<long>() is { } id)
            {
                ledger.OrderAt(id, LegacyOrderStates.Approved);
                return id;
            }
            ledger.WriteFailed(status, firstAnswer: attempt == 0);
        }
        return null;
    }

    /// <summary>One step of an order's life; a 409 after which the order reads the step's state was applied, its answer lost.</summary>
    private Task<bool> WriteAsync(HttpClient client, long order, string path, string state, CancellationToken ct)
    {
        object body = path == "accept" ? new { readyBy = DateTime.Now.AddMinutes(45).ToString("yyyy-MM-dd'T'HH:mm:ss") } : new { };
        return RetriedAsync(client, $"/orders/{order}/{path}", body, () => ledger.OrderAt(order, state), ct,
            // The write was applied but its answer was lost (a service killed after its commit): now it is acknowledged.
            appliedDespite: async status => status == HttpStatusCode.Conflict && await StateAsync(client, order) == state);
    }

    private async Task<string?> StateAsync(HttpClient client, long order)
    {
        var (status, json) = await SendAsync(client, HttpMethod.Get, $"/orders/{order}", null);
        return status == HttpStatusCode.OK ? json?["state"]?.GetValue<string>() : null;
    }

    private async Task ReadAsync(HttpClient client, string path, CancellationToken ct)
    {
        await Task.Delay(Pace, ct);
        var (status, _) = await SendAsync(client, HttpMethod.Get, path, null);
        ledger.Read(status == HttpStatusCode.OK);
    }

    private async Task<HttpClient> LoginAsync(CancellationToken ct)
    {
        var client = new HttpClient(gateways.Handler(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() }))
        {
            BaseAddress = gateways.Replicas[0],
            Timeout = TimeSpan.FromSeconds(10),
        };
        using var response = await client.PostAsJsonAsync("/login", new { username = "demo", password = "demo" }, ct);
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"Logging in as demo/demo through the gateway answered {(int)response.StatusCode}.");
        }
        return client;
    }

    private static async Task<JsonNode> PostOkAsync(HttpClient client, string path, object body, CancellationToken ct, bool bodyExpected = true)
    {
        var (status, json) = await SendAsync(client, HttpMethod.Post, path, body);
        return status == HttpStatusCode.OK && (json is not null || !bodyExpected)
            ? json ?? new JsonObject()
            : throw new InvalidOperationException($"POST {path} through the gateway answered {(int)status}: {json?.ToJsonString()}");
    }

    private static async Task<(HttpStatusCode Status, JsonNode? Json)> SendAsync(HttpClient client, HttpMethod method, string path, object? body)
    {
        try
        {
            using var request = new HttpRequestMessage(method, path);
            if (body is not null)
            {
                request.Content = JsonContent.Create(body);
            }
            // A request once sent is finished, even when the clients are being stopped: its answer goes into the
            // ledger. Abandoned, a write applied but never acknowledged would be expected at its old value.
            using var response = await client.SendAsync(request, CancellationToken.None);
            var text = await response.Content.ReadAsStringAsync(CancellationToken.None);
            JsonNode? json = null;
            if (text.Length > 0 && response.Content.Headers.ContentType?.MediaType?.Contains("json") == true)
            {
                try
                {
                    json = JsonNode.Parse(text);
                }
                catch (System.Text.Json.JsonException)
                {
                }
            }
            return (response.StatusCode, json);
        }
        catch (HttpRequestException)
        {
            return (HttpStatusCode.ServiceUnavailable, null);
        }
        catch (TaskCanceledException)
        {
            return (HttpStatusCode.GatewayTimeout, null); // the client's own timeout
        }
    }

    private static readonly object Address = new { street1 = "1 High Street", street2 = "Flat 2", city = "Oakland", state = "CA", zip = "94612" };
}
