using System.Net;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Ftgo.Gateway.Routing;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;

namespace Ftgo.Gateway.Tests.Routing;

/// <summary>
/// A group split by restaurant, through the real gateway: with the real monolith answering the partition lookup, all
/// of one restaurant's orders go to one side; a route that carries the restaurant needs no lookup; the cache is
/// bounded; an unknown order goes to legacy; a lookup that fails answers 503 with <c>Retry-After</c>, sending nothing on.
/// </summary>
public sealed class PartitionCohortTests
{
    private static PartitionRules Restaurant(params string[] allow) => new() { By = PartitionRules.Restaurant, Allow = allow };

    [Fact]
    public async Task AtLiveWithAnAllowList_EveryOrderOfTheListedRestaurantGoesToTheNewSide_AndNoOtherRestaurantsOrder()
    {
        var pair = LegacyPair.Instance;
        await using var gateway = new GatewayApp(pair.Legacy.BaseAddress, pair.Twin.BaseAddress, pair.Twin.BaseAddress).Start();
        var client = await FtgoClient.LoginAsync(gateway.Client);
        var consumer = await client.CreateConsumerAsync();
        var (first, other) = (await client.CreateRestaurantAsync("First Tenant"), await client.CreateRestaurantAsync("Still Legacy"));
        var orders = new List<(long Order, long Restaurant)>();
        for (var i = 0; i < 4; i++)
        {
            await client.CreateCourierAsync();
            await client.CreateCourierAsync();
            orders.Add((await client.CreateOrderAsync(consumer, first), first));
            orders.Add((await client.CreateOrderAsync(consumer, other), other));
        }
        // At 50 % the percent alone would split both restaurants' orders; the allow list moves exactly the first tenant.
        await gateway.SetAsync("kitchen", MigrationStage.Live, 50, f => f with { Partitions = Restaurant(first.ToString()), ShadowSampleRatio = 0 });

        foreach (var step in new[] { "accept", "preparing", "ready" })
        {
            foreach (var (order, restaurant) in orders)
            {
                object body = step == "accept" ? new { readyBy = DateTime.Now.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss") } : new { };
                var answer = await client.PostAsync($"/orders/{order}/{step}", body);
                Assert.True(answer.Status == HttpStatusCode.OK, $"{step} of order {order}: {(int)answer.Status} {answer.Body}");
                Assert.Equal(restaurant == first ? "kitchen" : "legacy", answer.Origin);
            }
        }

        // One lookup per order, then the cache: an order never changes restaurant.
        var stats = gateway.Metrics.Group("kitchen");
        Assert.Equal((8L, 16L, 0L, 0L), (stats.PartitionLookups(PartitionOutcome.Miss), stats.PartitionLookups(PartitionOutcome.Hit),
            stats.PartitionLookups(PartitionOutcome.Unknown), stats.PartitionLookups(PartitionOutcome.Failed)));
        var report = JsonNode.Parse(await gateway.Admin.GetStringAsync("/_strangler/groups/kitchen"))!["partitions"]!;
        Assert.Equal("restaurant", report["by"]!.GetValue<string>());
        Assert.Equal([first.ToString()], report["allow"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal((16L, 8L), (report["cacheHits"]!.GetValue<long>(), report["cacheMisses"]!.GetValue<long>()));
    }

    [Fact]
    public async Task AnUnknownOrder_GoesToLegacy_WhichAnswers404AsItAlwaysDid()
    {
        // At a split (here 50 %): at 100 % without lists every request is the new side's, an unknown order's too, as with any cohort key.
        var pair = LegacyPair.Instance;
        await using var gateway = new GatewayApp(pair.Legacy.BaseAddress, pair.Twin.BaseAddress, pair.Twin.BaseAddress,
            new Dictionary<string, GroupFlags> { ["kitchen"] = new() { Stage = MigrationStage.Live, Percent = 50, Partitions = new() { By = "restaurant" } } }).Start();
        var client = await FtgoClient.LoginAsync(gateway.Client);

        var answer = await client.PostAsync("/orders/987654321/preparing");

        Assert.Equal((HttpStatusCode.NotFound, "legacy"), (answer.Status, answer.Origin));
        Assert.Equal(1, gateway.Metrics.Group("kitchen").PartitionLookups(PartitionOutcome.Unknown));
    }

    [Fact]
    public async Task TheLookupFailing_Answers503WithRetryAfter_AndSendsTheRequestNowhere()
    {
        await using var legacy = await FakeService.StartAsync("legacy");
        await using var kitchen = await FakeService.StartAsync("kitchen");
        legacy.Handler = FakeService.Json("""{"title":"boom"}""", status: 500);
        await using var gateway = new GatewayApp(legacy.BaseAddress, kitchen.BaseAddress, kitchen.BaseAddress,
            new Dictionary<string, GroupFlags> { ["kitchen"] = new() { Stage = MigrationStage.Live, Percent = 0, Partitions = Restaurant("1") } }).Start();

        using var answer = await gateway.Client.PostAsync("/orders/5/accept", JsonContent("{}"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), answer.Headers.RetryAfter?.Delta);
        Assert.Equal("gateway", string.Join(",", answer.Headers.GetValues("X-Ftgo-Origin")));
        Assert.Equal("partition-unavailable", JsonNode.Parse(await answer.Content.ReadAsStringAsync())!["code"]!.GetValue<string>());
        // Only the lookup reached the monolith; the request itself went nowhere, so sending it again is safe.
        Assert.Equal(["GET /_ftgo/partitions/restaurant?order=5"], legacy.Requests.Select(r => $"{r.Method} {r.Path}{r.Query}"));
        Assert.Empty(kitchen.Requests);
        Assert.Equal(1, gateway.Metrics.Group("kitchen").PartitionLookups(PartitionOutcome.Failed));
    }

    [Fact]
    public async Task ALookupThatDoesNotAnswerInTime_Answers503_AndTheSameRequestSucceedsOnceTheMonolithAnswers()
    {
        await using var legacy = await FakeService.StartAsync("legacy");
        await using var kitchen = await FakeService.StartAsync("kitchen");
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        legacy.Handler = async http =>
        {
            if (http.Request.Path.StartsWithSegments("/_ftgo/partitions"))
            {
                await release.Task.WaitAsync(http.RequestAborted);
                await http.Response.WriteAsync("""{"order":5,"partition":"1"}""");
                return;
            }
            await legacy.DefaultAnswer(http);
        };
        legacy.AnswerSessions();
        await using var gateway = new GatewayApp(legacy.BaseAddress, kitchen.BaseAddress, kitchen.BaseAddress,
            new Dictionary<string, GroupFlags> { ["kitchen"] = new() { Stage = MigrationStage.Live, Percent = 0, Partitions = Restaurant("1") } },
            new Dictionary<string, string?> { ["Ftgo:Gateway:Partitions:LookupTimeout"] = "00:00:00.200" }).Start();

        using (var refused = await PostAsync(gateway, "/orders/5/accept"))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
        }
        release.SetResult();
        using var answered = await PostAsync(gateway, "/orders/5/accept");

        Assert.Equal((HttpStatusCode.OK, "kitchen"), (answered.StatusCode, string.Join(",", answered.Headers.GetValues("X-Ftgo-Origin"))));
        Assert.Equal(1, kitchen.Count("POST", "/orders/5/accept"));
    }

    [Fact]
    public async Task ARouteThatCarriesTheRestaurant_IsKeyedByIt_WithoutALookup()
    {
        await using var legacy = await FakeService.StartAsync("legacy");
        await using var delivery = await FakeService.StartAsync("delivery");
        await using var gateway = new GatewayApp(legacy.BaseAddress, delivery.BaseAddress, delivery.BaseAddress,
            new Dictionary<string, GroupFlags>
            {
                ["menus"] = new() { Stage = MigrationStage.Live, Percent = 0, ShadowSampleRatio = 0, Partitions = Restaurant("7") },
            },
            new Dictionary<string, string?>
            {
                ["Ftgo:Gateway:Groups:menus:Service"] = "delivery",
                ["Ftgo:Gateway:Groups:menus:CohortKeys:0"] = "partition:restaurant",
                ["Ftgo:Gateway:Groups:menus:Routes:0:Path"] = "/restaurants/{restaurantId:long}/menu",
            }).Start();

        using var seven = await gateway.Client.GetAsync("/restaurants/7/menu");
        using var eight = await gateway.Client.GetAsync("/restaurants/8/menu");

        Assert.Equal("delivery", string.Join(",", seven.Headers.GetValues("X-Ftgo-Origin")));
        Assert.Equal("legacy", string.Join(",", eight.Headers.GetValues("X-Ftgo-Origin")));
        Assert.DoesNotContain(legacy.Requests, r => r.Path.StartsWith("/_ftgo"));
        Assert.Equal(2, gateway.Metrics.Group("menus").PartitionLookups(PartitionOutcome.Route));
        // The configuration names the partition the flags split by: no note.
        var report = JsonNode.Parse(await gateway.Admin.GetStringAsync("/_strangler/groups/menus"))!["partitions"]!;
        Assert.Equal(("restaurant", "restaurant", null), (report["by"]!.GetValue<string>(), report["configured"]!.GetValue<string>(), report["note"]));
    }

    [Fact]
    public async Task TheCacheIsBounded_AndAnOrderItNoLongerHoldsIsAskedAgain()
    {
        await using var legacy = await FakeService.StartAsync("legacy");
        await using var kitchen = await FakeService.StartAsync("kitchen");
        legacy.Handler = http => http.Request.Path.StartsWithSegments("/_ftgo/partitions")
            ? http.Response.WriteAsync($$"""{"order":{{http.Request.Query["order"]}},"partition":"1"}""")
            : legacy.DefaultAnswer(http);
        legacy.AnswerSessions();
        await using var gateway = new GatewayApp(legacy.BaseAddress, kitchen.BaseAddress, kitchen.BaseAddress,
            new Dictionary<string, GroupFlags> { ["kitchen"] = new() { Stage = MigrationStage.Live, Percent = 0, Partitions = Restaurant("1") } },
            new Dictionary<string, string?> { ["Ftgo:Gateway:Partitions:CacheSize"] = "3" }).Start();
        var resolver = gateway.Services.GetRequiredService<PartitionResolver>();

        for (var round = 0; round < 2; round++)
        {
            for (var order = 1; order <= 10; order++)
            {
                using var answer = await PostAsync(gateway, $"/orders/{order}/preparing");
                Assert.Equal("kitchen", string.Join(",", answer.Headers.GetValues("X-Ftgo-Origin")));
                Assert.InRange(resolver.CachedEntries, 0, 3);
            }
        }

        // Ten orders through a cache of three: the second round asked the monolith again for at least seven of them.
        var stats = gateway.Metrics.Group("kitchen");
        Assert.Equal(20, stats.PartitionLookups(PartitionOutcome.Miss) + stats.PartitionLookups(PartitionOutcome.Hit));
        Assert.InRange(stats.PartitionLookups(PartitionOutcome.Miss), 17, 20);
        Assert.Equal(stats.PartitionLookups(PartitionOutcome.Miss), legacy.Requests.Count(r => r.Path == "/_ftgo/partitions/restaurant"));
    }

    [Fact]
    public async Task TheLookupEndpoint_IsInternal_ClientsGet404FromTheGateway()
    {
        var pair = LegacyPair.Instance;
        await using var gateway = new GatewayApp(pair.Legacy.BaseAddress, pair.Twin.BaseAddress, pair.Twin.BaseAddress).Start();
        using var answer = await gateway.Client.GetAsync("/_ftgo/partitions/restaurant?order=1");
        Assert.Equal(HttpStatusCode.NotFound, answer.StatusCode);
    }

    /// <summary>A write with the session a fake monolith accepts (<see cref="FakeService.AnswerSessions"/>).</summary>
    private static Task<HttpResponseMessage> PostAsync(GatewayApp gateway, string path)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = JsonContent("{}") };
        request.Headers.Add("Cookie", FakeService.SessionCookie);
        return gateway.Client.SendAsync(request);
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
