using System.Diagnostics;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Ftgo.Delivery;
using Ftgo.Hosting.Auth;
using Ftgo.Legacy;
using Ftgo.Legacy.Data;
using Ftgo.Stages;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Ftgo.Extraction.Benchmarks;

/// <summary>
/// The monolith and the Delivery service (one node or several, on one database) on RabbitMQ + PostgreSQL,
/// delivery at <c>rampdown</c>: each accept in the monolith commits the order and <c>ScheduleDelivery</c>
/// (outbox), a Delivery node assigns a courier and publishes <c>CourierScheduledForDelivery</c>, the
/// monolith's glue handler commits the courier to the legacy tables. Measured between the two commits of the
/// monolith; the Delivery nodes' handler attempts lost on a courier's version (each one retried) are counted.
/// </summary>
internal static class EndToEnd
{
    /// <param name="Incomplete">Measured orders whose courier never reached the legacy tables.</param>
    /// <param name="DeadLettered">Messages in the RabbitMQ error queue after the run (warm-up included).</param>
    /// <param name="Conflicts">Handler attempts on the Delivery nodes lost on a courier's version, each retried.</param>
    public sealed record Result(int Orders, int Concurrency, int Nodes, IReadOnlyList<TimeSpan> Latencies, TimeSpan Elapsed, int Incomplete,
        uint DeadLettered, long Conflicts)
    {
        public TimeSpan Percentile(double p)
        {
            var sorted = Latencies.Order().ToList();
            return sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Count) - 1, 0, sorted.Count - 1)];
        }
    }

    public static async Task<Result> RunAsync(int orders, int concurrency, string database, int nodes = 1, int couriers = 4)
    {
        var folder = Directory.CreateTempSubdirectory("ftgo-bench-").FullName;
        await Servers.DeleteQueuesAsync("legacy", "kitchen", "delivery", Ftgo.Messaging.FtgoMessagingExtensions.RabbitErrorQueue);
        var flags = Path.Combine(folder, "flags.json");
        await FlagsFile.WriteAsync(flags, new Dictionary<string, GroupFlags> { ["delivery"] = new() { Stage = MigrationStage.RampDown } });
        var settings = new Dictionary<string, string?>
        {
            ["Ftgo:Storage"] = "postgres",
            ["Ftgo:Bus"] = "rabbitmq",
            ["ConnectionStrings:RabbitMq"] = Servers.RabbitMq,
            ["ConnectionStrings:Legacy"] = database,
            ["ConnectionStrings:Delivery"] = database,
            ["Ftgo:DataFolder"] = folder,
            ["Ftgo:Flags:File"] = flags,
            ["Ftgo:Legacy:SeedDemoUser"] = "true",
            ["Logging:LogLevel:Default"] = "Error",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Critical",
            ["Logging:LogLevel:Wolverine"] = "Critical",
            ["Logging:LogLevel:Ftgo.Glue.Contracts"] = "Critical",
        };
        // A console program has no test manifest: the hosts' content root is this program's folder.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_FTGO_LEGACY", AppContext.BaseDirectory);
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_FTGO_DELIVERY", AppContext.BaseDirectory);
        var clock = new CommitClock();
        await using var legacy = new Host<LegacyOptions>(settings, services =>
            services.ConfigureDbContext<PostgresLegacyDbContext>(o => o.AddInterceptors(clock)));
        _ = legacy.Server;
        // The Delivery nodes' handler failures go to the counter alone (Wolverine logs each failed attempt under the message's type).
        var counter = new ConflictCounter();
        var nodeSettings = new Dictionary<string, string?>(settings) { ["Logging:LogLevel:Ftgo.Glue.Contracts"] = "Error" };
        var deliveries = Enumerable.Range(0, nodes).Select(_ => new Host<DeliveryOptions>(nodeSettings, services =>
            services.AddLogging(logging => logging.ClearProviders().AddProvider(counter)))).ToList();
        deliveries.ForEach(node => _ = node.Server);
        var delivery = deliveries[0];
        try
        {
            var monolith = legacy.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
            await PostAsync(monolith, "/login", new { username = "demo", password = "demo" });
            var service = delivery.CreateClient();
            // Signed as the gateway signs, with a key whose public set is where Delivery reads it by default (the data folder).
            using var keys = new ServiceKeyRing(Path.Combine(folder, "gateway-keys"), createIfEmpty: true,
                Path.Combine(folder, ServiceTokenOptions.DefaultKeySetFile), Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
            service.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer",
                new ServiceTokenIssuer(Options.Create(new ServiceTokenOptions { Lifetime = TimeSpan.FromHours(1) }), keys, TimeProvider.System)
                    .Issue("delivery", "bench", 1, ["courier"]));
            for (var i = 0; i < couriers; i++)
            {
                var courier = (await PostAsync(service, "/couriers", new { name = new { firstName = "C", lastName = $"{i}" }, address = Address }))
                    .GetProperty("id").GetInt64();
                await PostAsync(service, $"/couriers/{courier}/availability", new { available = true });
            }
            var consumer = (await PostAsync(monolith, "/consumers", new { name = new { firstName = "B", lastName = "Ench" } })).GetProperty("consumerId").GetInt64();
            var restaurant = (await PostAsync(monolith, "/restaurants", new
            {
                name = "Ajanta", address = Address, menu = new { menuItems = new[] { new { id = "1", name = "Dish", price = "12.34" } } },
            })).GetProperty("id").GetInt64();

            async Task<long> OrderAsync() => (await PostAsync(monolith, "/orders", new
            {
                consumerId = consumer, restaurantId = restaurant, deliveryAddress = Address,
                deliveryTime = Format(DateTime.Now.AddHours(2)), lineItems = new[] { new { menuItemId = "1", quantity = 5 } },
            })).GetProperty("orderId").GetInt64();

            // Warm-up: the first messages compile Wolverine's handlers in each process.
            var warmUp = new List<long>();
            for (var i = 0; i < 10; i++)
            {
                warmUp.Add(await OrderAsync());
            }
            await AcceptAllAsync(monolith, warmUp, concurrency, clock);

            var warmUpConflicts = counter.Conflicts;
            var measured = new List<long>();
            for (var i = 0; i < orders; i++)
            {
                measured.Add(await OrderAsync());
            }
            await AcceptAllAsync(monolith, measured, concurrency, clock);
            return new Result(orders, concurrency, nodes, clock.Latencies(measured), clock.Span(measured),
                measured.Count(o => !clock.Completed(o)), await Servers.CountAsync(Ftgo.Messaging.FtgoMessagingExtensions.RabbitErrorQueue),
                counter.Conflicts - warmUpConflicts);
        }
        finally
        {
            foreach (var node in deliveries)
            {
                await node.DisposeAsync();
            }
            await Servers.DeleteQueuesAsync("legacy", "kitchen", "delivery");
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>
    /// A closed loop: <paramref name="concurrency"/> workers each accept an order, wait until its courier is in
    /// the legacy tables, then take the next — so the figures are the round trip's own time at that load, not
    /// a queue building up behind an open loop. An order whose courier does not arrive within 10 s (its
    /// <c>ScheduleDelivery</c> given up by the Delivery service) is left and counted.
    /// </summary>
    private static async Task AcceptAllAsync(HttpClient monolith, IReadOnlyList<long> orders, int concurrency, CommitClock clock)
    {
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < orders.Count)
            {
                await PostAsync(monolith, $"/orders/{orders[i]}/accept", new { readyBy = Format(DateTime.Now.AddHours(1)) });
                var waited = Stopwatch.StartNew();
                while (!clock.Completed(orders[i]) && waited.Elapsed < TimeSpan.FromSeconds(10))
                {
                    await Task.Delay(1);
                }
            }
        })));
    }

    private static readonly object Address = new { street1 = "1 Main Street", city = "Oakland", state = "CA", zip = "94611" };

    private static string Format(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<JsonElement> PostAsync(HttpClient client, string path, object body)
    {
        var response = await client.PostAsJsonAsync(path, body);
        var text = await response.Content.ReadAsStringAsync();
        if (!response.IsSuccessStatusCode)
        {
            throw new InvalidOperationException($"POST {path}: {(int)response.StatusCode} {text}");
        }
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>One FTGO process hosted whole, with the run's settings and an extra registration.</summary>
    private sealed class Host<TEntry>(IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection> services)
        : WebApplicationFactory<TEntry> where TEntry : class
    {
        protected override IHost CreateHost(IHostBuilder builder)
        {
            builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(settings));
            return base.CreateHost(builder);
        }

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            builder.UseEnvironment("Production");
            builder.ConfigureTestServices(services);
        }
    }
}
