using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;

namespace Ftgo.Gateway.Tests.Decommission;

/// <summary>
/// <c>GET /_strangler/groups/{group}/legacy-traffic?since=</c>: per route of the group, what legacy answered, when last
/// and on which replica — with the control store, the whole fleet's, asked of any replica.
/// </summary>
public sealed class LegacyTrafficApiTests : IAsyncLifetime
{
    private ControlStoreFleet _fleet = null!;

    public async Task InitializeAsync() => _fleet = await ControlStoreFleet.StartAsync("ftgo-legacy-traffic");

    public async Task DisposeAsync() => await _fleet.DisposeAsync();

    [Fact]
    public async Task OnTheControlStore_LegacyTraffic_NamesTheRouteLegacyAnsweredWithCountLastSeenAndEveryReplica()
    {
        await using var one = Replica("one");
        await using var two = Replica("two");
        await one.SetAsync("delivery", MigrationStage.Live, 50, f => f with { ShadowSampleRatio = 0 });
        GatewayApp[] fleet = [one, two];
        await Eventually.UntilAsync(() => Task.FromResult(fleet.All(r => r.Flags.Current.Group("delivery").Stage == MigrationStage.Live)),
            all => all, "both replicas at live");
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);

        // Below 10⁹ a courier is the monolith's: 2 legacy answers on one, 1 on two; the Delivery service's courier is not legacy's.
        foreach (var (replica, courier) in new[] { (one, 17L), (one, 18), (two, 19), (two, 1_000_000_000) })
        {
            await replica.Client.GetAsync($"/couriers/{courier}");
        }

        var report = await Eventually.UntilAsync(() => TrafficAsync(two, "delivery", since),
            r => Route(r, "GET /couriers/{id:long}")["answers"]!.GetValue<long>() == 3, "the fleet's 3 legacy answers, asked of replica two");
        Assert.Equal("fleet", report["source"]!.GetValue<string>());
        Assert.Equal("live", report["stage"]!.GetValue<string>());
        var couriers = Route(report, "GET /couriers/{id:long}");
        Assert.NotNull(couriers["lastSeen"]!.GetValue<DateTimeOffset?>());
        Assert.True(couriers["lastSeen"]!.GetValue<DateTimeOffset>() >= since);
        Assert.Equal([1L, 2L], couriers["replicas"]!.AsArray().Select(r => r!["answers"]!.GetValue<long>()).Order().ToArray());
        // Every route of the group is listed; the quiet ones with 0 and no time.
        var quiet = Route(report, "POST /orders/{id:long}/pickedup");
        Assert.Equal(0, quiet["answers"]!.GetValue<long>());
        Assert.Null(quiet["lastSeen"]);
        Assert.Equal(5, report["routes"]!.AsArray().Count);

        // A window that starts after the answers sees none.
        var later = await TrafficAsync(one, "delivery", DateTimeOffset.UtcNow);
        Assert.All(later["routes"]!.AsArray(), r => Assert.Equal(0, r!["answers"]!.GetValue<long>()));
    }

    [Fact]
    public async Task LegacyTraffic_OfAnUnknownGroupOrBeyondTheRetention_IsRefused()
    {
        await using var gateway = new GatewayApp(_fleet.Backend.BaseAddress, _fleet.Backend.BaseAddress, _fleet.Backend.BaseAddress).Start();

        var unknown = await gateway.Admin.GetAsync("/_strangler/groups/payments/legacy-traffic");
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Contains("urn:ftgo:problem:unknown-group", await unknown.Content.ReadAsStringAsync());

        var since = Uri.EscapeDataString(DateTimeOffset.UtcNow.AddHours(-2).ToString("O"));
        var tooOld = await gateway.Admin.GetAsync($"/_strangler/groups/kitchen/legacy-traffic?since={since}");
        Assert.Equal(HttpStatusCode.BadRequest, tooOld.StatusCode);
        Assert.Contains("urn:ftgo:problem:invalid-window", await tooOld.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OnTheFlagsFile_LegacyTraffic_IsThisReplicasOwn()
    {
        await using var gateway = new GatewayApp(_fleet.Backend.BaseAddress, _fleet.Backend.BaseAddress, _fleet.Backend.BaseAddress).Start();
        await gateway.Client.PostAsync("/orders/7/accept", null);

        var report = await TrafficAsync(gateway, "kitchen", DateTimeOffset.UtcNow.AddMinutes(-1));

        Assert.Equal("replica", report["source"]!.GetValue<string>());
        Assert.Equal(1, Route(report, "POST /orders/{id:long}/accept")["answers"]!.GetValue<long>());
    }

    private static async Task<JsonNode> TrafficAsync(GatewayApp replica, string group, DateTimeOffset since) =>
        (await replica.Admin.GetFromJsonAsync<JsonNode>($"/_strangler/groups/{group}/legacy-traffic?since={Uri.EscapeDataString(since.ToString("O"))}"))!;

    private static JsonNode Route(JsonNode report, string route) =>
        report["routes"]!.AsArray().Single(r => r!["route"]!.GetValue<string>() == route)!;

    private GatewayApp Replica(string name) => _fleet.Replica(name);
}
