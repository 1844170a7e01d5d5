using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;

namespace Ftgo.Gateway.Tests.Control;

/// <summary>
/// The shadow mismatches are kept per group, at most the capacity, the oldest dropped and counted: in memory
/// on the flags file, and in the control store for the whole fleet, where any replica lists every replica's.
/// </summary>
public sealed class FleetMismatchTests : IAsyncLifetime
{
    private readonly TempFolder _kept = new("ftgo-mismatches");
    private FakeService _legacy = null!;
    private FakeService _delivery = null!;
    private string _control = null!;

    public async Task InitializeAsync()
    {
        // Each side names itself in its answer: every compared read differs.
        _legacy = await FakeService.StartAsync("legacy");
        _delivery = await FakeService.StartAsync("delivery");
        _control = await RealEngines.CreateDatabaseAsync();
    }

    public async Task DisposeAsync()
    {
        await _legacy.DisposeAsync();
        await _delivery.DisposeAsync();
        await RealEngines.DropDatabaseAsync(_control);
        _kept.Dispose();
    }

    [Fact]
    public async Task OnTheControlStore_AnyReplicaListsTheFleetsMismatches_BoundedPerGroup_WithTheDroppedCounted()
    {
        await using var one = Replica("one");
        await using var two = Replica("two");
        await one.SetAsync("delivery", MigrationStage.Shadow);
        GatewayApp[] fleet = [one, two];
        await Eventually.UntilAsync(() => Task.FromResult(fleet.All(r => r.Flags.Current.Group("delivery").Stage == MigrationStage.Shadow)),
            all => all, "both replicas at shadow");

        for (var i = 1; i <= 5; i++)
        {
            await fleet[i % 2].Client.GetAsync($"/couriers/{i}");
        }

        // Read through the replica that found fewer of them: the list is the fleet's.
        var (list, kept, dropped) = await Eventually.UntilAsync(() => MismatchesAsync(one), m => m.Kept + m.Dropped == 5,
            "all five mismatches stored or counted");
        Assert.Equal((3, 2), (kept, dropped));
        // Newest first. Each replica stores its own in order, but the two write side by side: which three are
        // the fleet's last is theirs to race for, and both replicas list the same three.
        var ids = list.Select(m => m!["id"]!.GetValue<long>()).ToList();
        Assert.Equal(ids.OrderDescending(), ids);
        Assert.Equal(3, list.Select(m => m!["path"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(ids, (await MismatchesAsync(two)).List.Select(m => m!["id"]!.GetValue<long>()));
        Assert.All(list, m => Assert.NotNull(m!["replica"]?.GetValue<string>()));
        Assert.All(list, m => Assert.Contains("delivery", m!["newBody"]!.GetValue<string>()));
        var report = (await two.Admin.GetFromJsonAsync<JsonObject>("/_strangler/groups/delivery"))!;
        Assert.Equal((3, 2), (report["mismatchesKept"]!.GetValue<long>(), report["mismatchesDropped"]!.GetValue<long>()));
        Assert.Equal(3, report["recentMismatches"]!.AsArray().Count);
    }

    [Fact]
    public async Task OnTheFlagsFile_TheReplicaKeepsItsOwn_BoundedPerGroup_WithTheDroppedCounted()
    {
        await using var gateway = new GatewayApp(_legacy.BaseAddress, _delivery.BaseAddress, _delivery.BaseAddress,
            new Dictionary<string, GroupFlags> { ["delivery"] = new() { Stage = MigrationStage.Shadow } }, Quick()).Start();

        for (var i = 1; i <= 4; i++)
        {
            await gateway.Client.GetAsync($"/couriers/{i}");
        }

        var (list, kept, dropped) = await Eventually.UntilAsync(() => MismatchesAsync(gateway), m => m.Kept + m.Dropped == 4,
            "all four mismatches kept or counted");
        Assert.Equal((3, 1), (kept, dropped));
        Assert.Equal(["/couriers/4", "/couriers/3", "/couriers/2"], list.Select(m => m!["path"]!.GetValue<string>()));
        Assert.Null(list[0]!["replica"]);
    }

    [Fact]
    public async Task AnUnknownGroupsMismatches_Are404()
    {
        await using var gateway = new GatewayApp(_legacy.BaseAddress, _delivery.BaseAddress, _delivery.BaseAddress).Start();
        var answer = await gateway.Admin.GetAsync("/_strangler/groups/nosuch/mismatches");
        Assert.Equal(404, (int)answer.StatusCode);
        Assert.Equal("urn:ftgo:problem:unknown-group", (await answer.Content.ReadFromJsonAsync<JsonObject>())!["type"]!.GetValue<string>());
    }

    private static async Task<(JsonArray List, long Kept, long Dropped)> MismatchesAsync(GatewayApp replica)
    {
        using var answer = await replica.Admin.GetAsync("/_strangler/groups/delivery/mismatches?limit=10");
        answer.EnsureSuccessStatusCode();
        return ((await answer.Content.ReadFromJsonAsync<JsonArray>())!,
            long.Parse(answer.Headers.GetValues("X-Ftgo-Mismatches-Kept").Single()),
            long.Parse(answer.Headers.GetValues("X-Ftgo-Mismatches-Dropped").Single()));
    }

    /// <summary>Three kept per group, counted at once (no re-read), one comparison at a time.</summary>
    private static Dictionary<string, string?> Quick() => new()
    {
        ["Ftgo:Gateway:Shadow:MismatchCapacity"] = "3",
        ["Ftgo:Gateway:Shadow:ConfirmAfter"] = "00:00:00",
        ["Ftgo:Gateway:Shadow:Workers"] = "1",
    };

    private GatewayApp Replica(string name)
    {
        var settings = GatewayApp.OnControlStore(_control, _kept.File($"{name}.last-good.json"));
        foreach (var (key, value) in Quick())
        {
            settings[key] = value;
        }
        return new GatewayApp(_legacy.BaseAddress, _delivery.BaseAddress, _delivery.BaseAddress, settings: settings).Start();
    }
}
