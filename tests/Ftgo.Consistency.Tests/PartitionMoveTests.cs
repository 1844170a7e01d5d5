using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Stages;
using Ftgo.Testing.Processes;
using Npgsql;
using Xunit.Abstractions;

namespace Ftgo.Consistency.Tests;

/// <summary>
/// "The first tenant", on the deployables as they ship over PostgreSQL and RabbitMQ (legacy, Kitchen, Delivery, the
/// gateway, <c>ftgo cdc run</c>): with both groups split by restaurant and one restaurant allowed at <c>live</c>, every
/// step of every order of that restaurant is answered by the new services and none by the monolith's in-process seams,
/// while another restaurant's orders stay wholly on legacy; moving the restaurant back (off the allow list) loses
/// nothing: every order it placed while live reads from legacy as the new side left it, and one left half-way goes on
/// to delivered on legacy.
/// </summary>
public sealed class PartitionMoveTests(ITestOutputHelper output) : IAsyncLifetime
{
    private static readonly string[] Lifecycle = ["accept", "preparing", "ready", "pickedup", "delivered"];
    private string _database = "";

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        if (_database.Length > 0)
        {
            await RealEngines.DropDatabaseAsync(_database);
        }
    }

    [Fact]
    public async Task TheFirstTenantMovesWhole_ItsSeamsAgree_AndMovingItBackLosesNothing()
    {
        await using var cluster = await StartAsync();
        using var client = new TenantClient(cluster.Url(Deployable.Gateway));
        await client.PrepareAsync(couriers: 8);
        var first = await client.RestaurantAsync("First Tenant");
        var other = await client.RestaurantAsync("Still Legacy");

        await cluster.WriteFlagsAsync(Flags(MigrationStage.Live, allow: [first.ToString()]));
        await cluster.WaitForFlagsAsync($"delivery=live 0% restaurant+[{first}], kitchen=live 0% restaurant+[{first}]", Deployable.Legacy, Deployable.Gateway);
        var since = DateTimeOffset.UtcNow;

        var moved = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            moved.Add(await client.DeliverAsync(first, newSide: true));
            await client.DeliverAsync(other, newSide: false);
        }
        // One of the first tenant's orders is left half-way on the new side: accepted and preparing.
        var halfWay = await client.PlaceAsync(first);
        await client.StepAsync(halfWay, "accept", "kitchen");
        await client.StepAsync(halfWay, "preparing", "kitchen");

        // The monolith's seams agree with the gateway: only the other restaurant's three orders ran in process.
        Assert.Equal(9, await client.SeamCallsAsync(cluster.Url(Deployable.Legacy), "kitchen", since));  // accept, preparing, ready
        Assert.Equal(9, await client.SeamCallsAsync(cluster.Url(Deployable.Legacy), "delivery", since)); // schedule, pickedup, delivered

        // Moved back: off the allow list (the list stays, empty: no restaurant on the new side).
        await cluster.WriteFlagsAsync(Flags(MigrationStage.Live, allow: []));
        await cluster.WaitForFlagsAsync("delivery=live 0% restaurant+[], kitchen=live 0% restaurant+[]", Deployable.Legacy, Deployable.Gateway);

        foreach (var order in moved)
        {
            await Eventually.UntilAsync(() => client.StateAsync(order), state => state == "DELIVERED", $"order {order} to read DELIVERED from legacy");
        }
        await Eventually.UntilAsync(() => client.StateAsync(halfWay), state => state == "PREPARING", $"order {halfWay} to read PREPARING from legacy");
        foreach (var step in new[] { "ready", "pickedup", "delivered" })
        {
            await client.StepAsync(halfWay, step, "legacy");
        }
        Assert.Equal("DELIVERED", await client.StateAsync(halfWay));
        // And the tenant's next order is legacy's from the start.
        await client.DeliverAsync(first, newSide: false);

        output.WriteLine($"{client.Sent} requests; wrong answers: {client.Wrong.Count}");
        Assert.True(client.Wrong.Count == 0, string.Join("\n", client.Wrong));
    }

    private static Dictionary<string, GroupFlags> Flags(MigrationStage stage, IReadOnlyList<string>? allow = null)
    {
        // The test moves every stage itself: an auto-rollback decided on a slow machine's p99 would move one under it.
        var flags = new GroupFlags
        {
            Stage = stage,
            Rollback = RollbackBounds.Default with { Enabled = false },
            Partitions = new PartitionRules { By = PartitionRules.Restaurant, Allow = allow },
        };
        return new Dictionary<string, GroupFlags> { ["kitchen"] = flags, ["delivery"] = flags };
    }

    /// <summary>The cluster on PostgreSQL and RabbitMQ, both groups at shadow and split by restaurant from the start.</summary>
    private async Task<EmbeddedCluster> StartAsync()
    {
        _database = await RealEngines.CreateDatabaseAsync();
        await RealEngines.DeleteBusQueuesAsync();
        var cluster = new EmbeddedCluster("Production", MigrationStage.Shadow, new Dictionary<string, string>
        {
            ["Ftgo:Storage"] = "postgres",
            ["Ftgo:Bus"] = "rabbitmq",
            ["ConnectionStrings:Legacy"] = _database,
            ["ConnectionStrings:Kitchen"] = _database,
            ["ConnectionStrings:Delivery"] = _database,
            ["ConnectionStrings:RabbitMq"] = RealEngines.RabbitMq,
            ["Ftgo:Cdc:Slot"] = "ftgo_cdc_" + new NpgsqlConnectionStringBuilder(_database).Database,
        });
        try
        {
            await cluster.WriteFlagsAsync(Flags(MigrationStage.Shadow));
            await cluster.StartAllAsync(SlotActiveAsync);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private async Task<bool> SlotActiveAsync()
    {
        await using var connection = new NpgsqlConnection(_database);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM pg_replication_slots WHERE active", connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync()) > 0;
    }

    /// <summary>A client of the legacy contract with a session (and so the gateway's sync token), recording every answer it did not expect.</summary>
    private sealed class TenantClient(Uri gateway) : IDisposable
    {
        private static readonly object Address = new { street1 = "1 Main Street", city = "Oakland", state = "CA", zip = "94612" };
        private readonly HttpClient _http = new(new SocketsHttpHandler { UseCookies = true, CookieContainer = new CookieContainer() })
        {
            BaseAddress = gateway,
            Timeout = TimeSpan.FromSeconds(30),
        };
        private long _consumer;

        public List<string> Wrong { get; } = [];

        public int Sent { get; private set; }

        public async Task PrepareAsync(int couriers)
        {
            await SendAsync(HttpMethod.Post, "/login", new { username = "demo", password = "demo" }, "legacy");
            _consumer = (await SendAsync(HttpMethod.Post, "/consumers", new { name = new { firstName = "Tenant", lastName = "Client" } }, "legacy"))!["consumerId"]!.GetValue<long>();
            for (var i = 0; i < couriers; i++)
            {
                var courier = (await SendAsync(HttpMethod.Post, "/couriers", new { name = new { firstName = "Courier", lastName = $"{i}" }, address = Address }, "legacy"))!["id"]!.GetValue<long>();
                await SendAsync(HttpMethod.Post, $"/couriers/{courier}/availability", new { available = true }, "legacy");
            }
        }

        public async Task<long> RestaurantAsync(string name) =>
            (await SendAsync(HttpMethod.Post, "/restaurants", new
            {
                name,
                address = Address,
                menu = new { menuItems = new[] { new { id = "1", name = "Chicken Vindaloo", price = "12.34" } } },
            }, "legacy"))!["id"]!.GetValue<long>();

        public async Task<long> PlaceAsync(long restaurant) =>
            (await SendAsync(HttpMethod.Post, "/orders", new
            {
                consumerId = _consumer,
                restaurantId = restaurant,
                deliveryAddress = Address,
                deliveryTime = DateTime.Now.AddHours(2).ToString("yyyy-MM-dd'T'HH:mm:ss"),
                lineItems = new[] { new { menuItemId = "1", quantity = 2 } },
            }, "legacy"))?["orderId"]!.GetValue<long>() ?? throw new InvalidOperationException("not placed: " + string.Join("; ", Wrong));

        /// <summary>Places an order of the restaurant and takes it to delivered, each step expected from the side given; returns its id.</summary>
        public async Task<long> DeliverAsync(long restaurant, bool newSide)
        {
            var order = await PlaceAsync(restaurant);
            foreach (var step in Lifecycle)
            {
                await StepAsync(order, step, !newSide ? "legacy" : step is "pickedup" or "delivered" ? "delivery" : "kitchen");
            }
            return order;
        }

        public Task StepAsync(long order, string step, string origin) =>
            SendAsync(HttpMethod.Post, $"/orders/{order}/{step}",
                step == "accept" ? new { readyBy = DateTime.Now.AddMinutes(45).ToString("yyyy-MM-dd'T'HH:mm:ss") } : new { }, origin);

        /// <summary>The order's state as legacy reads it (<c>GET /orders/{id}</c> is always the monolith's).</summary>
        public async Task<string?> StateAsync(long order) =>
            (await SendAsync(HttpMethod.Get, $"/orders/{order}", null, "legacy", record: false))?["state"]?.GetValue<string>();

        /// <summary>The monolith's in-process calls of a group's moved seam operations since then (its internal report).</summary>
        public async Task<long> SeamCallsAsync(Uri legacy, string group, DateTimeOffset since)
        {
            using var direct = new HttpClient { BaseAddress = legacy };
            var report = JsonNode.Parse(await direct.GetStringAsync($"/_ftgo/seam-calls?group={group}&since={Uri.EscapeDataString(since.ToString("O"))}"))!;
            return report["seams"]!.AsArray().Sum(s => s!["calls"]!.GetValue<long>());
        }

        private async Task<JsonNode?> SendAsync(HttpMethod method, string path, object? body, string origin, bool record = true)
        {
            Sent++;
            using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : JsonContent.Create(body) };
            using var response = await _http.SendAsync(request);
            var text = await response.Content.ReadAsStringAsync();
            var answered = response.Headers.TryGetValues("X-Ftgo-Origin", out var o) ? string.Join(",", o) : "?";
            if (response.StatusCode != HttpStatusCode.OK || answered != origin)
            {
                if (record)
                {
                    Wrong.Add($"{method} {path}: {(int)response.StatusCode} from {answered}, expected 200 from {origin}: {text}");
                }
                return null;
            }
            return text.Length == 0 ? new JsonObject() : JsonNode.Parse(text);
        }

        public void Dispose() => _http.Dispose();
    }
}
