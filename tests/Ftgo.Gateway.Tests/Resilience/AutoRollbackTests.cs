using System.Net.Http.Json;
using System.Net;
using System.Text.Json.Nodes;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Glue.Acl;
using Ftgo.Stages;

namespace Ftgo.Gateway.Tests.Resilience;

/// <summary>
/// The gateway's guard rails at every stage: it moves a group back by the group's rule when the new side's
/// error rate or p99 passes its bound (at live, rampdown and complete) or the share of compared reads with a
/// confirmed difference does (at shadow and live). Through the real gateway, the real monolith as legacy, and
/// a fake Delivery service that fails, slows down or answers differently as each case needs.
/// </summary>
public sealed class AutoRollbackTests
{
    public static TheoryData<MigrationStage, string, MigrationStage> EveryStageAndTrigger => new()
    {
        { MigrationStage.Live, "error rate", MigrationStage.DualWrite },
        { MigrationStage.RampDown, "error rate", MigrationStage.DualWrite },
        { MigrationStage.Complete, "error rate", MigrationStage.RampDown },
        { MigrationStage.Live, "p99", MigrationStage.DualWrite },
        { MigrationStage.RampDown, "p99", MigrationStage.DualWrite },
        { MigrationStage.Complete, "p99", MigrationStage.RampDown },
        { MigrationStage.Shadow, "mismatch rate", MigrationStage.DualWrite },
        { MigrationStage.Live, "mismatch rate", MigrationStage.DualWrite },
    };

    [Theory]
    [MemberData(nameof(EveryStageAndTrigger))]
    public async Task ABoundPassed_RollsTheGroupBack_ByTheDefaultRuleOfItsStage(MigrationStage stage, string trigger, MigrationStage expected)
    {
        var bounds = trigger switch
        {
            "error rate" => new RollbackBounds { MaxErrorRate = 0.2, MinRequests = 10 },
            "p99" => new RollbackBounds { MaxErrorRate = 1, MaxP99Ms = 60, MinRequests = 8 },
            _ => new RollbackBounds { MaxErrorRate = 1, MaxMismatchRate = 0.2, MinRequests = 8 },
        };
        var (gateway, delivery, client, courierId) = await StartAsync(stage, bounds);
        await using var _ = gateway;
        await using var __ = delivery;
        var calls = 0;
        var ok = delivery.Handler;
        delivery.Handler = trigger switch
        {
            "error rate" => http => Interlocked.Increment(ref calls) % 2 == 0 ? FakeService.Json("{}", 500)(http) : ok(http),
            "p99" => FakeService.Json("""{"id":1}""", delay: TimeSpan.FromMilliseconds(150)),
            // The fake's own answer (its name and the path) differs from the monolith's courier on every read.
            _ => ok,
        };

        var written = await ReadUntilRolledBackAsync(gateway, client, courierId, stage);

        Assert.Equal(expected, written.Stage);
        Assert.Equal("gateway auto-rollback", written.ChangedBy);
        Assert.Contains(trigger, written.Reason);
        // The flag is in force as soon as it is written; the rollback is counted right after it.
        var report = await Eventually.UntilAsync(() => gateway.Admin.GetFromJsonAsync<JsonObject>("/_strangler/groups/delivery"),
            r => r?["lastRollback"] is not null, "the rollback on the group's report");
        Assert.Equal(expected.ToWire(), report!["stage"]!.GetValue<string>());
        Assert.Equal((stage.ToWire(), expected.ToWire()),
            (report["lastRollback"]!["from"]!.GetValue<string>(), report["lastRollback"]!["to"]!.GetValue<string>()));
        Assert.Contains(trigger, report["lastRollback"]!["reason"]!.GetValue<string>());
        Assert.Equal(1, report["rollbacks"]!.GetValue<long>());
        if (expected < MigrationStage.Live)
        {
            Assert.Equal("legacy", (await client.GetAsync($"/couriers/{courierId}")).Origin);
        }
    }

    [Theory]
    [InlineData(MigrationStage.Complete, MigrationStage.DualWrite)]
    [InlineData(MigrationStage.RampDown, MigrationStage.Live)]
    public async Task TheGroupsOwnRule_ChoosesWhereABreachMovesIt(MigrationStage stage, MigrationStage target)
    {
        var bounds = new RollbackBounds { MaxErrorRate = 0.2, MinRequests = 10, CompleteTo = target, RampdownTo = target };
        var (gateway, delivery, client, courierId) = await StartAsync(stage, bounds);
        await using var _ = gateway;
        await using var __ = delivery;
        delivery.Handler = FakeService.Json("{}", 500);

        var written = await ReadUntilRolledBackAsync(gateway, client, courierId, stage);

        Assert.Equal(target, written.Stage);
        // Back at live, the new side answers every cohort again, its reads compared and falling back.
        Assert.Equal(target == MigrationStage.Live ? 100 : 0, written.Percent);
    }

    [Fact]
    public async Task ClientsThatGiveUpOnASlowAnswer_AreNotCountedAsTheNewSideFailing()
    {
        var (gateway, delivery, client, courierId) = await StartAsync(MigrationStage.Live, new RollbackBounds { MaxErrorRate = 0.2, MinRequests = 10 });
        await using var _ = gateway;
        await using var __ = delivery;
        // Slower than the clients will wait: each one closes its connection before the answer comes.
        delivery.Handler = FakeService.Json("""{"id":1}""", delay: TimeSpan.FromSeconds(2));

        const int abandoned = 12;
        await Task.WhenAll(Enumerable.Range(0, abandoned).Select(async _ =>
        {
            using var impatient = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
                gateway.Client.GetAsync($"/couriers/{courierId}", impatient.Token));
        }));

        // Each abandoned request is counted as answered once the gateway is done with it.
        var report = await Eventually.UntilAsync(() => gateway.Admin.GetFromJsonAsync<JsonObject>("/_strangler/groups/delivery"),
            r => r?["requests"]?.GetValue<long>() >= abandoned, "the abandoned requests counted");
        Assert.Equal(0, report!["origins"]!["delivery"]!["newSideFailures"]!.GetValue<long>());
        Assert.Null(report["origins"]!["legacy"]); // nor sent to legacy as a fallback, for no one
        Assert.Equal("live", report["stage"]!.GetValue<string>());
        Assert.Equal(0, report["rollbacks"]!.GetValue<long>());
    }

    /// <summary>The gateway with the delivery group at <paramref name="stage"/> (live at 100 %), every read compared where reads are.</summary>
    private static async Task<(GatewayApp Gateway, FakeService Delivery, FtgoClient Client, long CourierId)> StartAsync(
        MigrationStage stage, RollbackBounds bounds)
    {
        var delivery = await FakeService.StartAsync("delivery");
        var gateway = new GatewayApp(LegacyPair.Instance.Legacy.BaseAddress, delivery.BaseAddress, delivery.BaseAddress,
            new Dictionary<string, GroupFlags>
            {
                ["delivery"] = new()
                {
                    Stage = stage,
                    Percent = stage == MigrationStage.Live ? 100 : 0,
                    ShadowSampleRatio = 1,
                    Rollback = bounds,
                },
            },
            // The breaker stays out of the way: the window must see every failure. Every courier counts as the
            // service's, so the monolith's courier is read on the new side at live. A difference is confirmed by a
            // re-read 50 ms later, which the fake fails again.
            new Dictionary<string, string?>
            {
                ["Ftgo:Gateway:Resilience:MinimumThroughput"] = "100000",
                ["Ftgo:Gateway:Shadow:ConfirmAfter"] = "00:00:00.050",
                [CourierIdRange.StartKey] = "1",
            }).Start();
        var client = await FtgoClient.LoginAsync(gateway.Client);
        var courierId = await FtgoClient.CourierOnLegacyAsync(LegacyPair.Instance.Legacy.BaseAddress);
        return (gateway, delivery, client, courierId);
    }

    /// <summary>
    /// Reads the courier until the group leaves <paramref name="stage"/>. Where legacy can still answer a read
    /// (live, rampdown), every failure of the new side is answered from legacy; at complete the monolith refuses
    /// the group's reads, so the new side's answer passes as it is.
    /// </summary>
    private static async Task<GroupFlags> ReadUntilRolledBackAsync(GatewayApp gateway, FtgoClient client, long courierId, MigrationStage stage)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (gateway.Flags.Current.Group("delivery").Stage == stage)
        {
            Assert.True(DateTime.UtcNow < deadline, $"no rollback from {stage.ToWire()} within 20 s");
            var reads = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => client.GetAsync($"/couriers/{courierId}")));
            if (stage != MigrationStage.Complete)
            {
                Assert.All(reads, r => Assert.Equal(HttpStatusCode.OK, r.Status));
            }
        }
        return (await FlagsFile.ReadAsync(gateway.FlagsPath)).Groups!["delivery"];
    }
}
