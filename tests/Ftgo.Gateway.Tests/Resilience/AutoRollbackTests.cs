using System.Net.Http.Json;
using System.Net;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Hosting.Storage;
using Ftgo.Stages;

namespace Ftgo.Gateway.Tests.Resilience;

/// <summary>At live, the gateway moves a group back to dualwrite itself when the new side's error rate or p99 passes the group's bounds.</summary>
public sealed class AutoRollbackTests
{
    private static async Task<(GatewayApp Gateway, FakeService Delivery, FtgoClient Client, long CourierId)> StartAsync(RollbackBounds bounds)
    {
        var delivery = await FakeService.StartAsync("delivery");
        var gateway = new GatewayApp(LegacyPair.Instance.Legacy.BaseAddress, delivery.BaseAddress, delivery.BaseAddress,
            new Dictionary<string, GroupFlags>
            {
                ["delivery"] = new() { Stage = MigrationStage.Live, Percent = 100, ShadowSampleRatio = 0, Rollback = bounds },
            },
            // The breaker stays out of the way: the window must see every failure. Every courier counts as the
            // service's, so the monolith's courier is read on the new side at live.
            new Dictionary<string, string?>
            {
                ["Ftgo:Gateway:Resilience:MinimumThroughput"] = "100000",
                [CourierIdRange.StartKey] = "1",
            }).Start();
        var client = await FtgoClient.LoginAsync(gateway.Client);
        var courierId = await FtgoClient.CourierOnLegacyAsync(LegacyPair.Instance.Legacy.BaseAddress);
        return (gateway, delivery, client, courierId);
    }

    private static async Task<GroupFlags> ReadUntilRolledBack(GatewayApp gateway, FtgoClient client, long courierId, int parallel)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (gateway.Flags.Current.Group("delivery").Stage == MigrationStage.Live)
        {
            Assert.True(DateTime.UtcNow < deadline, "no rollback within 20 s");
            var reads = await Task.WhenAll(Enumerable.Range(0, parallel).Select(_ => client.GetAsync($"/couriers/{courierId}")));
            Assert.All(reads, r => Assert.Equal(HttpStatusCode.OK, r.Status));
        }
        return (await FlagsFile.ReadAsync(gateway.FlagsPath)).Groups!["delivery"];
    }

    [Fact]
    public async Task AnErrorRateAboveTheBound_RollsTheGroupBackToDualwrite()
    {
        var (gateway, delivery, client, courierId) = await StartAsync(new RollbackBounds { MaxErrorRate = 0.2, MinRequests = 10, WindowSeconds = 30 });
        await using var _ = gateway;
        await using var __ = delivery;
        var calls = 0;
        var ok = delivery.Handler;
        delivery.Handler = http => Interlocked.Increment(ref calls) % 2 == 0 ? FakeService.Json("{}", 500)(http) : ok(http);

        var written = await ReadUntilRolledBack(gateway, client, courierId, parallel: 2);

        Assert.Equal(MigrationStage.DualWrite, written.Stage);
        Assert.Equal("gateway auto-rollback", written.ChangedBy);
        Assert.Contains("error rate", written.Reason);
        // The flag is in force as soon as it is written; the rollback is counted right after it.
        var report = await Eventually.UntilAsync(() => gateway.Admin.GetFromJsonAsync<System.Text.Json.Nodes.JsonObject>("/_strangler/groups/delivery"),
            r => r?["lastRollback"] is not null, "the rollback on the group's report");
        Assert.Equal("dualwrite", report!["stage"]!.GetValue<string>());
        Assert.Contains("error rate", report["lastRollback"]!["reason"]!.GetValue<string>());
        Assert.Equal(1, report["rollbacks"]!.GetValue<long>());
        Assert.Equal("legacy", (await client.GetAsync($"/couriers/{courierId}")).Origin);
    }

    [Fact]
    public async Task AP99AboveTheBound_RollsTheGroupBackToDualwrite()
    {
        var (gateway, delivery, client, courierId) = await StartAsync(new RollbackBounds { MaxErrorRate = 1, MaxP99Ms = 60, MinRequests = 8, WindowSeconds = 30 });
        await using var _ = gateway;
        await using var __ = delivery;
        delivery.Handler = FakeService.Json("""{"id":1}""", delay: TimeSpan.FromMilliseconds(150));

        var written = await ReadUntilRolledBack(gateway, client, courierId, parallel: 4);

        Assert.Equal(MigrationStage.DualWrite, written.Stage);
        Assert.Contains("p99", written.Reason);
    }
}
