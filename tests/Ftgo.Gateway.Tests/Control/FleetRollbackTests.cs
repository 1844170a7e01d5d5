using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;

namespace Ftgo.Gateway.Tests.Control;

/// <summary>
/// The auto-rollback of a fleet: gateway replicas on one control store beat their windows into it, and one
/// of them, the holder of an advisory lock, decides on the sum. Errors spread over three replicas, so that
/// none would trip alone, roll the group back exactly once; when the deciding replica goes, another takes over.
/// </summary>
public sealed class FleetRollbackTests : IAsyncLifetime
{
    /// <summary>No replica alone sees this many requests in the tests below; the fleet does.</summary>
    private static readonly RollbackBounds Bounds = new() { MaxErrorRate = 0.1, MinRequests = 30, WindowSeconds = 60 };

    private readonly TempFolder _kept = new("ftgo-fleet");
    private FakeService _legacy = null!;
    private FakeService _delivery = null!;
    private string _control = null!;
    private int _calls;

    public async Task InitializeAsync()
    {
        _legacy = await FakeService.StartAsync("legacy");
        _delivery = await FakeService.StartAsync("delivery");
        var ok = _delivery.Handler;
        // One answer in four fails: 25 %, well past the 10 % bound.
        _delivery.Handler = http => Interlocked.Increment(ref _calls) % 4 == 0 ? FakeService.Json("{}", 500)(http) : ok(http);
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
    public async Task ErrorsSpreadOverThreeReplicas_NoneOfWhichWouldTripAlone_RollTheGroupBackExactlyOnce()
    {
        await using var one = Replica("one");
        await using var two = Replica("two");
        await using var three = Replica("three");
        await one.SetAsync("delivery", MigrationStage.Complete, more: f => f with { Rollback = Bounds });
        GatewayApp[] fleet = [one, two, three];
        await Eventually.UntilAsync(() => Task.FromResult(fleet.All(r => r.Flags.Current.Group("delivery").Stage == MigrationStage.Complete)),
            all => all, "every replica at complete");

        for (var i = 0; i < 36; i++)
        {
            await fleet[i % 3].Client.GetAsync($"/couriers/{i + 1}");
        }

        await Eventually.UntilAsync(() => Task.FromResult(fleet.Select(r => r.Flags.Current.Group("delivery").Stage).Distinct().ToList()),
            stages => stages is [MigrationStage.RampDown], "every replica to run on the rollback to rampdown");
        foreach (var replica in fleet)
        {
            // Each replica's own window held 12 requests: under the 30 its bound needs.
            Assert.Equal(12, (await replica.Admin.GetFromJsonAsync<JsonObject>("/_strangler/groups/delivery"))!["requests"]!.GetValue<long>());
        }
        var rollbacks = (await two.Admin.GetFromJsonAsync<JsonArray>("/_strangler/history?group=delivery"))!
            .Where(c => c!["kind"]!.GetValue<string>() == "auto-rollback").ToList();
        var rollback = Assert.Single(rollbacks)!;
        Assert.Equal(("complete", "rampdown"), (rollback["from"]!.GetValue<string>(), rollback["to"]!.GetValue<string>()));
        // Decided on the fleet's sum as the replicas last beat it: at least the bound's 30, at most all 36 (a beat
        // can come while the load is still running, so the sum it decided on may not hold every request yet).
        var over = System.Text.RegularExpressions.Regex.Match(rollback["reason"]!.GetValue<string>(), @"over (\d+) new-side requests");
        Assert.True(over.Success, rollback["reason"]!.GetValue<string>());
        Assert.InRange(int.Parse(over.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), Bounds.MinRequests, 36);
    }

    [Fact]
    public async Task WhenTheDecidingReplicaGoes_AnotherTakesOver()
    {
        var one = Replica("one");
        await using var two = Replica("two");
        await one.SetAsync("delivery", MigrationStage.Complete, more: f => f with { Rollback = Bounds });
        var leader = await Eventually.UntilAsync(async () => await LeaderAsync(one, two), l => l is not null, "one replica to decide");
        var (gone, survivor) = leader == "one" ? (one, two) : (two, one);
        await gone.DisposeAsync();
        await Eventually.UntilAsync(() => Task.FromResult(survivor.Flags.Current.Group("delivery").Stage), s => s == MigrationStage.Complete,
            "the survivor at complete");

        for (var i = 0; i < 40; i++)
        {
            await survivor.Client.GetAsync($"/couriers/{i + 1}");
        }

        await Eventually.UntilAsync(() => Task.FromResult(survivor.Flags.Current.Group("delivery").Stage), s => s == MigrationStage.RampDown,
            "the surviving replica to take over the decision and roll the group back");
        var fleet = (await survivor.Admin.GetFromJsonAsync<JsonObject>("/_strangler/fleet"))!;
        Assert.True(fleet["leader"]!.GetValue<bool>());
        if (gone != one)
        {
            await one.DisposeAsync();
        }
    }

    /// <summary>Which replica says it holds the decision, if any.</summary>
    private static async Task<string?> LeaderAsync(GatewayApp one, GatewayApp two)
    {
        foreach (var (name, replica) in new[] { ("one", one), ("two", two) })
        {
            if ((await replica.Admin.GetFromJsonAsync<JsonObject>("/_strangler/fleet"))!["leader"]!.GetValue<bool>())
            {
                return name;
            }
        }
        return null;
    }

    private GatewayApp Replica(string name) =>
        new GatewayApp(_legacy.BaseAddress, _delivery.BaseAddress, _delivery.BaseAddress,
            settings: GatewayApp.OnControlStore(_control, _kept.File($"{name}.last-good.json"))).Start();
}
