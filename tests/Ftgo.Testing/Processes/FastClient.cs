using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Ftgo.Testing.Processes;

/// <summary>
/// A client of the legacy contract as FTGO's own end-to-end tests drive it, as fast as it can: every
/// command is sent once, the next as soon as the answer is in, nothing is retried. Each answer is held
/// against the one the monolith alone gives (the status, and the state a read shows); every other
/// answer is recorded in <see cref="Wrong"/>; every answer's time, and how long the side that answered
/// waited for the client's earlier writes (<c>X-Ftgo-Sync-Waited</c>), in <see cref="Answers"/>. A
/// second client, with no session, reads what the first one wrote where a legacy client could.
/// </summary>
public sealed class FastClient : IDisposable
{
    private static readonly object Address = new { street1 = "1 Main Street", city = "Oakland", state = "CA", zip = "94612" };
    private static readonly string[] Steps = ["accept", "preparing", "ready", "pickedup", "delivered"];
    private readonly HttpClient _client;
    private readonly HttpClient _stranger;
    private long _consumer;
    private long _restaurant;

    public FastClient(Uri gateway)
    {
        _client = new HttpClient(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = gateway,
            Timeout = TimeSpan.FromSeconds(30),
        };
        // Another client: no session, no sync token; nothing links its requests to this client's writes.
        _stranger = new HttpClient(new SocketsHttpHandler { UseCookies = false }) { BaseAddress = gateway, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>A W3C trace context every request of this client carries while set (a test following one request's trace).</summary>
    public string? TraceParent { get; set; }

    /// <summary>Every answer legacy alone would not have given, in words.</summary>
    public List<string> Wrong { get; } = [];

    /// <summary>How many commands and reads were sent.</summary>
    public int Sent => Answers.Count;

    /// <summary>Every answer: the step (<c>accept</c>, <c>GET order</c>…), its status, how long it took, how long its side waited for the sync.</summary>
    public List<TimedAnswer> Answers { get; } = [];

    /// <summary>Logs in and registers a consumer, a restaurant and available couriers.</summary>
    public async Task PrepareAsync(int couriers)
    {
        await ExpectAsync(HttpMethod.Post, "/login", new { username = "demo", password = "demo" }, HttpStatusCode.OK);
        _consumer = (await ExpectAsync(HttpMethod.Post, "/consumers", new { name = new { firstName = "Fast", lastName = "Client" } }, HttpStatusCode.OK))
            ?["consumerId"]!.GetValue<long>() ?? throw new InvalidOperationException("no consumer: " + string.Join("; ", Wrong));
        _restaurant = (await ExpectAsync(HttpMethod.Post, "/restaurants", new
        {
            name = "Ajanta",
            address = Address,
            menu = new { menuItems = new[] { new { id = "1", name = "Chicken Vindaloo", price = "12.34" }, new { id = "2", name = "Naan", price = "2.50" } } },
        }, HttpStatusCode.OK))?["id"]!.GetValue<long>() ?? throw new InvalidOperationException("no restaurant: " + string.Join("; ", Wrong));
        for (var i = 0; i < couriers; i++)
        {
            var courier = await RegisterCourierAsync();
            await ExpectAsync(HttpMethod.Post, $"/couriers/{courier}/availability", new { available = true }, HttpStatusCode.OK);
        }
    }

    /// <summary>Registers a courier (on whichever side the delivery group's stage sends it) and returns its id.</summary>
    public async Task<long> RegisterCourierAsync() =>
        (await ExpectAsync(HttpMethod.Post, "/couriers", new { name = new { firstName = "Courier", lastName = "One" }, address = Address }, HttpStatusCode.OK))
        ?["id"]!.GetValue<long>() ?? throw new InvalidOperationException("the courier was not registered: " + string.Join("; ", Wrong));

    /// <summary>create → accept → preparing → ready → pickedup → delivered, then the order reads DELIVERED.</summary>
    public async Task DeliverAsync(string stage)
    {
        if (await CreateAsync(stage) is not { } order)
        {
            return;
        }
        foreach (var step in Steps)
        {
            object body = step == "accept" ? new { readyBy = LocalNowPlus(TimeSpan.FromMinutes(45)) } : new { };
            await ExpectAsync(HttpMethod.Post, $"/orders/{order}/{step}", body, HttpStatusCode.OK, stage);
        }
        var read = await ExpectAsync(HttpMethod.Get, $"/orders/{order}", null, HttpStatusCode.OK, stage);
        if (read?["state"]?.GetValue<string>() is { } state && state != "DELIVERED")
        {
            Wrong.Add($"[{stage}] GET /orders/{order} after delivered reads {state}; legacy reads DELIVERED");
        }
    }

    /// <summary>create → revise → cancel → accept: legacy answers the accept of a cancelled order 409.</summary>
    public async Task CancelAsync(string stage)
    {
        if (await CreateAsync(stage) is not { } order)
        {
            return;
        }
        await ExpectAsync(HttpMethod.Post, $"/orders/{order}/revise", new { revisedLineItemQuantities = new Dictionary<string, int> { ["1"] = 3 } }, HttpStatusCode.OK, stage);
        await ExpectAsync(HttpMethod.Post, $"/orders/{order}/cancel", new { }, HttpStatusCode.OK, stage);
        await ExpectAsync(HttpMethod.Post, $"/orders/{order}/accept", new { readyBy = LocalNowPlus(TimeSpan.FromMinutes(45)) }, HttpStatusCode.Conflict, stage);
    }

    /// <summary>
    /// Registers a courier, and another client reads it at once; then it is made available, and the other
    /// client reads that. The monolith alone answers both reads 200, the second with <c>available: true</c>.
    /// </summary>
    public async Task CourierAsync(string stage)
    {
        var courier = (await ExpectAsync(HttpMethod.Post, "/couriers", new { name = new { firstName = "Courier", lastName = "Two" }, address = Address },
            HttpStatusCode.OK, stage))?["id"]?.GetValue<long>();
        if (courier is null)
        {
            return;
        }
        await ExpectAsync(HttpMethod.Get, $"/couriers/{courier}", null, HttpStatusCode.OK, stage, _stranger);
        await ExpectAsync(HttpMethod.Post, $"/couriers/{courier}/availability", new { available = true }, HttpStatusCode.OK, stage);
        var read = await ExpectAsync(HttpMethod.Get, $"/couriers/{courier}", null, HttpStatusCode.OK, stage, _stranger);
        if (read?["available"]?.GetValue<bool>() is false)
        {
            Wrong.Add($"[{stage}] another client's GET /couriers/{courier} after its availability reads available: false; legacy reads true");
        }
    }

    public void Dispose()
    {
        _client.Dispose();
        _stranger.Dispose();
    }

    /// <summary>Places an order (legacy answers 200) and returns its id.</summary>
    public async Task<long> PlaceOrderAsync() =>
        await CreateAsync("setup") ?? throw new InvalidOperationException("the order was not placed: " + string.Join("; ", Wrong));

    /// <summary>One POST, its answer as it is.</summary>
    public Task<HttpResponseMessage> PostAsync(string path, object body) => _client.PostAsJsonAsync(path, body);

    /// <summary>One request as built by the caller (its own headers), with this client's session; its answer as it is.</summary>
    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _client.SendAsync(request);

    /// <summary>One GET, its answer as it is.</summary>
    public Task<HttpResponseMessage> GetAsync(string path) => _client.GetAsync(path);

    private async Task<long?> CreateAsync(string stage) =>
        (await ExpectAsync(HttpMethod.Post, "/orders", new
        {
            consumerId = _consumer,
            restaurantId = _restaurant,
            deliveryAddress = Address,
            deliveryTime = LocalNowPlus(TimeSpan.FromHours(2)),
            lineItems = new[] { new { menuItemId = "1", quantity = 2 }, new { menuItemId = "2", quantity = 1 } },
        }, HttpStatusCode.OK, stage))?["orderId"]!.GetValue<long>();

    /// <summary>Sends one request; an answer other than <paramref name="expected"/> is recorded. Returns the body of an expected answer.</summary>
    private async Task<JsonNode?> ExpectAsync(HttpMethod method, string path, object? body, HttpStatusCode expected, string stage = "setup",
        HttpClient? via = null)
    {
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
        if (TraceParent is not null)
        {
            request.Headers.Add("traceparent", TraceParent);
        }
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        using var response = await (via ?? _client).SendAsync(request);
        var elapsed = System.Diagnostics.Stopwatch.GetElapsedTime(started);
        var waited = response.Headers.TryGetValues("X-Ftgo-Sync-Waited", out var w) && double.TryParse(w.First(), System.Globalization.CultureInfo.InvariantCulture, out var ms)
            ? TimeSpan.FromMilliseconds(ms) : (TimeSpan?)null;
        Answers.Add(new TimedAnswer(Step(method, path), stage, (int)response.StatusCode, elapsed, waited));
        var text = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != expected)
        {
            var origin = response.Headers.TryGetValues("X-Ftgo-Origin", out var o) ? string.Join(",", o) : "?";
            var sync = response.Headers.TryGetValues("X-Ftgo-Sync", out var s) ? string.Join(",", s) : "none";
            Wrong.Add($"[{stage}] {method} {path} answered {(int)response.StatusCode} from {origin} after {elapsed.TotalMilliseconds:N0} ms: {text}; " +
                      $"legacy answers {(int)expected} (sync token answered: {sync})");
            return null;
        }
        return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text);
    }

    /// <summary>The step a request is: the last path segment of a command, "GET order" for a read.</summary>
    private static string Step(HttpMethod method, string path) =>
        method == HttpMethod.Get ? "GET " + path.Split('/', StringSplitOptions.RemoveEmptyEntries)[0].TrimEnd('s')
        : path.Count(c => c == '/') >= 3 ? path[(path.LastIndexOf('/') + 1)..] : "create " + path.Trim('/').TrimEnd('s');

    private static string LocalNowPlus(TimeSpan offset) => DateTime.Now.Add(offset).ToString("yyyy-MM-dd'T'HH:mm:ss");
}

/// <summary>One answer a <see cref="FastClient"/> got: its step, stage, status, time, and the sync wait of the side that answered (null: none).</summary>
public sealed record TimedAnswer(string Step, string Stage, int Status, TimeSpan Elapsed, TimeSpan? SyncWaited);
