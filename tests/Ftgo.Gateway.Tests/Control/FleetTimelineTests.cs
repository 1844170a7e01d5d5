using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;

namespace Ftgo.Gateway.Tests.Control;

/// <summary>On the control store every replica writes its timeline samples there, and any replica's timeline is the fleet's.</summary>
public sealed class FleetTimelineTests : IAsyncLifetime
{
    private ControlStoreFleet _fleet = null!;

    public async Task InitializeAsync()
    {
        _fleet = await ControlStoreFleet.StartAsync("ftgo-timeline");
        var backend = _fleet.Backend;
        backend.Handler = http => http.Request.Path == "/_ftgo/cdc"
            ? FakeService.Json("""{"state":"running","lagSeconds":1.5,"heartbeatAgeSeconds":0.2}""")(http)
            : backend.DefaultAnswer(http);
    }

    public async Task DisposeAsync() => await _fleet.DisposeAsync();

    [Fact]
    public async Task OnTheControlStore_AnyReplicasTimeline_AddsUpEveryReplicasAnswers()
    {
        await using var one = Replica("one");
        await using var two = Replica("two");
        await one.SetAsync("delivery", MigrationStage.Live, 50, f => f with { ShadowSampleRatio = 0 });
        GatewayApp[] fleet = [one, two];
        await Eventually.UntilAsync(() => Task.FromResult(fleet.All(r => r.Flags.Current.Group("delivery").Stage == MigrationStage.Live)),
            all => all, "both replicas at live");

        // Below 10⁹ a courier is the monolith's, from 10⁹ the Delivery service's: 3 legacy answers on one, 2 legacy and 2 new on two.
        foreach (var (replica, courier) in new[] { (one, 17L), (one, 18), (one, 19), (two, 20), (two, 21), (two, 1_000_000_000), (two, 1_000_000_001) })
        {
            await replica.Client.GetAsync($"/couriers/{courier}");
        }

        foreach (var replica in fleet)
        {
            var timeline = await Eventually.UntilAsync(() => TimelineAsync(replica),
                t => Sum(t, "legacy") == 5 && Sum(t, "new") == 2, "the fleet's 5 legacy and 2 new answers in a replica's timeline");
            Assert.Equal("fleet", timeline["source"]!.GetValue<string>());
            Assert.Contains(timeline["groups"]![0]!["samples"]!.AsArray(), s => s!["replicas"]!.GetValue<int>() == 2);
            Assert.Equal("live", timeline["groups"]![0]!["events"]![0]!["to"]!.GetValue<string>());
            // The CDC lag the Delivery service reported, kept with the samples in the store.
            Assert.Contains(timeline["groups"]![0]!["samples"]!.AsArray(), s => s!["cdcLagSeconds"]?.GetValue<double>() == 1.5);
        }
        // Each replica's own counters are its share only.
        Assert.Equal(3, one.Answered("delivery"));
        Assert.Equal(4, two.Answered("delivery"));
    }

    private static async Task<JsonNode> TimelineAsync(GatewayApp replica) =>
        (await replica.Admin.GetFromJsonAsync<JsonNode>("/_strangler/timeline?group=delivery"))!;

    private static long Sum(JsonNode timeline, string side) =>
        timeline["groups"]![0]!["samples"]!.AsArray().Sum(s => s![side]!["requests"]!.GetValue<long>());

    private GatewayApp Replica(string name) =>
        _fleet.Replica(name, more: new Dictionary<string, string?> { ["Ftgo:Gateway:Timeline:Interval"] = "00:00:00.100" });
}
