using Ftgo.Migration.Hosting;
using Ftgo.Migration.Tests.Infrastructure;
using Ftgo.Migration.Verification;

namespace Ftgo.Migration.Tests.Cdc;

/// <summary>
/// The CDC process (`ftgo cdc run`, a child process) is killed with SIGKILL mid-stream under a
/// steady write load, then restarted: it resumes from its checkpoint and the new schemas end equal
/// to legacy, with no change applied twice.
/// </summary>
public sealed class CdcCrashTests(KafkaMockBroker broker) : IClassFixture<KafkaMockBroker>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Theory]
    [InlineData(Engine.Postgres, CdcSettings.InProcess)]
    [InlineData(Engine.Postgres, CdcSettings.Kafka)]
    [InlineData(Engine.Sqlite, CdcSettings.InProcess)]
    public async Task CdcProcess_KilledUnderLoadAndRestarted_EndsEqualToLegacy(Engine engine, string transport)
    {
        await using var stores = await TestStores.CreateAsync(engine);
        var prefix = transport == CdcSettings.Kafka ? await broker.NewPrefixAsync() : null;
        var settings = stores.Settings(transport, broker.BootstrapServers, prefix);
        // The mock broker keeps about 5 MB per partition and deletes older messages; events without
        // their schema (a tenth of the size) keep the backlog of the crash window within it.
        var environment = stores.Environment(transport, broker.BootstrapServers, prefix, schemas: false);
        await CdcRunner.PrepareSourceAsync(settings, CancellationToken.None);
        var legacy = new LegacyWriter(stores);
        var restaurant = await legacy.InsertRestaurantAsync();
        var courier = await legacy.InsertCourierAsync();
        var tickets = stores.Table("kitchen", stores.Engine == Engine.Postgres ? "tickets" : "kitchen_tickets");
        var ftgo = new[] { "cdc", "run", "--status-every", "0.2" };
        var cli = Repository.Output("Ftgo.Cli", "ftgo.dll");

        await using var load = new WriteLoad(legacy, restaurant, courier, rate: 120);
        var first = ChildProcess.Start(cli, ftgo, environment);
        await Eventually.UntilAsync(() => stores.CountAsync(stores.Kitchen, tickets), n => n >= 40, "the first CDC process to apply 40 tickets", Timeout,
            () => first.Output);
        await first.KillAsync();
        var atKill = await stores.CountAsync(stores.Kitchen, tickets);
        var writesAtKill = load.Writes;

        await using var second = ChildProcess.Start(cli, ftgo, environment);
        await Eventually.UntilAsync(() => stores.CountAsync(stores.Kitchen, tickets), n => n >= atKill + 40,
            "the restarted CDC process to apply 40 more tickets", Timeout, () => second.Output);
        await load.StopAsync();
        Assert.True(load.Writes > writesAtKill, "the write load kept running across the crash");

        await Eventually.UntilAsync(async () => (await Verifier.RunAsync(settings, "all", 500, CancellationToken.None)).Clean,
            clean => clean, "verify to be clean after the restart", Timeout, () => second.Output);

        // No double effect: every legacy child row exists once on the new side, and nothing was refused.
        var k = stores.Engine == Engine.Postgres ? "kitchen." : "kitchen_";
        var d = stores.Engine == Engine.Postgres ? "delivery." : stores.DeliveryPrefix;
        var t = stores.Engine == Engine.Postgres ? "ftgo." : "";
        Assert.Equal(await stores.CountAsync(stores.Legacy, $"{t}order_line_items"), await stores.CountAsync(stores.Kitchen, $"{k}ticket_line_items"));
        Assert.Equal(await stores.CountAsync(stores.Legacy, $"{t}courier_actions"), await stores.CountAsync(stores.Delivery, $"{d}courier_actions"));
        Assert.Equal(await stores.CountAsync(stores.Legacy, $"{t}orders"), await stores.CountAsync(stores.Delivery, $"{d}deliveries"));
        Assert.Equal(0, await stores.CountAsync(stores.Kitchen, $"{k}cdc_dead_letters"));
        // The restarted process says what it applied (its status line comes every 0.2 s: wait for one that counts).
        await Eventually.UntilAsync(() => Task.FromResult(second.Lines.Any(l => l.StartsWith("cdc: ") && l.Contains("records applied") && !l.StartsWith("cdc: 0 records"))),
            seen => seen, "a status line of the restarted process counting the records it applied", Timeout, () => second.Output);
    }
}
