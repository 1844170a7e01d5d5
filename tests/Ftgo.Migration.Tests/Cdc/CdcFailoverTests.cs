using System.Diagnostics;
using Ftgo.Migration.Hosting;
using Ftgo.Migration.Tests.Infrastructure;
using Ftgo.Migration.Verification;

namespace Ftgo.Migration.Tests.Cdc;

/// <summary>
/// Two <c>ftgo cdc run</c> processes on one source under a steady write load: one leads and streams, the other
/// stands by and says so in the status; the leader is SIGKILLed, the standby takes the lead, resumes from the
/// acknowledged position, and the new schemas end equal to legacy with no change applied twice.
/// </summary>
public sealed class CdcFailoverTests(KafkaMockBroker broker) : IClassFixture<KafkaMockBroker>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(Engine.Postgres, CdcSettings.InProcess)]
    [InlineData(Engine.Postgres, CdcSettings.Kafka)]
    [InlineData(Engine.Sqlite, CdcSettings.InProcess)]
    public async Task TwoRunners_TheLeaderKilledUnderLoad_TheStandbyTakesOver_AndTheTargetsEndEqualToLegacy(Engine engine, string transport)
    {
        await using var stores = await TestStores.CreateAsync(engine);
        var prefix = transport == CdcSettings.Kafka ? await broker.NewPrefixAsync() : null;
        var settings = stores.Settings(transport, broker.BootstrapServers, prefix);
        var environment = stores.Environment(transport, broker.BootstrapServers, prefix, schemas: false);
        await CdcRunner.PrepareSourceAsync(settings, CancellationToken.None);
        var legacy = new LegacyWriter(stores);
        var restaurant = await legacy.InsertRestaurantAsync();
        var courier = await legacy.InsertCourierAsync();
        var tickets = stores.Table("kitchen", stores.Engine == Engine.Postgres ? "tickets" : "kitchen_tickets");
        var ftgo = new[] { "cdc", "run", "--status-every", "0.2" };
        var cli = Repository.Output("Ftgo.Cli", "ftgo.dll");

        await using var load = new WriteLoad(legacy, restaurant, courier, rate: 120);
        await using var one = ChildProcess.Start(cli, ftgo, environment);
        await Eventually.UntilAsync(() => Task.FromResult(one.Lines.Any(l => l.StartsWith("cdc: leading"))), led => led,
            "the first runner to lead", Timeout, () => Task.FromResult(one.Output));
        await using var two = ChildProcess.Start(cli, ftgo, environment);
        await Eventually.UntilAsync(() => Task.FromResult(two.Lines.Any(l => l.StartsWith("cdc: standing by"))), waits => waits,
            "the second runner to stand by", Timeout, () => Task.FromResult(two.Output));
        await Eventually.UntilAsync(() => stores.CountAsync(stores.Kitchen, tickets), n => n >= 40, "the leader to apply 40 tickets", Timeout,
            () => Task.FromResult(one.Output));
        // Each runner's row says its role from its first beat; the status names the leader and the standby.
        var status = await Eventually.UntilAsync(() => CdcStatusProbe.ReadAsync(settings, "kitchen", CancellationToken.None),
            s => s.Runners?.Count(r => r.Live) == 2, "both runners in the status");
        Assert.Equal([CdcHeartbeat.Leader, CdcHeartbeat.Standby], status.Runners!.Where(r => r.Live).Select(r => r.Role));
        Assert.Matches(@"^running, lag .*, led by \S+:\d+; standby \S+:\d+$", status.Describe());

        var clock = Stopwatch.StartNew();
        await one.KillAsync();
        var atKill = await stores.CountAsync(stores.Kitchen, tickets);
        await Eventually.UntilAsync(() => Task.FromResult(two.Lines.Any(l => l.StartsWith("cdc: leading"))), led => led,
            "the standby to take the lead", Timeout, () => Task.FromResult(two.Output));
        var led = clock.Elapsed;
        await Eventually.UntilAsync(() => stores.CountAsync(stores.Kitchen, tickets), n => n > atKill, "the new leader's first ticket", Timeout,
            () => Task.FromResult(two.Output));
        Console.WriteLine($"cdc failover ({engine}, {transport}): lead taken {led.TotalMilliseconds:N0} ms after the SIGKILL, first change applied after {clock.Elapsed.TotalMilliseconds:N0} ms");
        await Eventually.UntilAsync(() => stores.CountAsync(stores.Kitchen, tickets), n => n >= atKill + 40,
            "the new leader to apply 40 more tickets", Timeout, () => Task.FromResult(two.Output));
        await load.StopAsync();

        await Eventually.UntilAsync(async () => (await Verifier.RunAsync(settings, "all", 500, CancellationToken.None)).Clean,
            clean => clean, "verify to be clean after the failover", Timeout, () => Task.FromResult(two.Output));
        var k = stores.Engine == Engine.Postgres ? "kitchen." : "kitchen_";
        var d = stores.Engine == Engine.Postgres ? "delivery." : stores.DeliveryPrefix;
        var t = stores.Engine == Engine.Postgres ? "ftgo." : "";
        Assert.Equal(await stores.CountAsync(stores.Legacy, $"{t}order_line_items"), await stores.CountAsync(stores.Kitchen, $"{k}ticket_line_items"));
        Assert.Equal(await stores.CountAsync(stores.Legacy, $"{t}courier_actions"), await stores.CountAsync(stores.Delivery, $"{d}courier_actions"));
        Assert.Equal(0, await stores.CountAsync(stores.Kitchen, $"{k}cdc_dead_letters"));
        var after = await CdcStatusProbe.ReadAsync(settings, "kitchen", CancellationToken.None);
        Assert.True(after.IsRunning, after.Describe());
    }
}
