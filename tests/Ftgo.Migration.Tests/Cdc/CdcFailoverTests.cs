using System.Diagnostics;
using Ftgo.Migration.Hosting;
using Ftgo.Migration.Tests.Infrastructure;

namespace Ftgo.Migration.Tests.Cdc;

/// <summary>
/// Two <c>ftgo cdc run</c> processes on one source under a steady write load: one leads and streams, the other
/// stands by and says so in the status; the leader is SIGKILLed, the standby takes the lead, resumes from the
/// acknowledged position, and the new schemas end equal to legacy with no change applied twice.
/// </summary>
public sealed class CdcFailoverTests(KafkaMockBroker broker) : IClassFixture<KafkaMockBroker>
{
    [Theory]
    [InlineData(Engine.Postgres, CdcSettings.InProcess)]
    [InlineData(Engine.Postgres, CdcSettings.Kafka)]
    [InlineData(Engine.Sqlite, CdcSettings.InProcess)]
    public async Task TwoRunners_TheLeaderKilledUnderLoad_TheStandbyTakesOver_AndTheTargetsEndEqualToLegacy(Engine engine, string transport)
    {
        await using var cdc = await CdcUnderLoad.StartAsync(engine, transport, broker);
        await using var one = cdc.StartRunner();
        await SaysAsync(one, "cdc: leading", "the first runner to lead");
        await using var two = cdc.StartRunner();
        await SaysAsync(two, "cdc: standing by", "the second runner to stand by");
        await cdc.TicketsAtLeastAsync(40, "the leader to apply 40 tickets", one);
        // Each runner's row says its role from its first beat; the status names the leader and the standby.
        var status = await Eventually.UntilAsync(() => CdcStatusProbe.ReadAsync(cdc.Settings, "kitchen", CancellationToken.None),
            s => s.Runners?.Count(r => r.Live) == 2, "both runners in the status");
        Assert.Equal([CdcHeartbeat.Leader, CdcHeartbeat.Standby], status.Runners!.Where(r => r.Live).Select(r => r.Role));
        Assert.Matches(@"^running, lag .*, led by \S+:\d+; standby \S+:\d+$", status.Describe());

        var clock = Stopwatch.StartNew();
        await one.KillAsync();
        var atKill = await cdc.TicketsAsync();
        await SaysAsync(two, "cdc: leading", "the standby to take the lead");
        var led = clock.Elapsed;
        await cdc.TicketsAtLeastAsync(atKill + 1, "the new leader's first ticket", two);
        Console.WriteLine($"cdc failover ({engine}, {transport}): lead taken {led.TotalMilliseconds:N0} ms after the SIGKILL, " +
                          $"first change applied after {clock.Elapsed.TotalMilliseconds:N0} ms");
        await cdc.TicketsAtLeastAsync(atKill + 40, "the new leader to apply 40 more tickets", two);
        await cdc.Load.StopAsync();

        await cdc.AssertEqualToLegacyAsync(two);
        var after = await CdcStatusProbe.ReadAsync(cdc.Settings, "kitchen", CancellationToken.None);
        Assert.True(after.IsRunning, after.Describe());
    }

    private static Task SaysAsync(ChildProcess runner, string line, string what) =>
        Eventually.UntilAsync(() => Task.FromResult(runner.Lines.Any(l => l.StartsWith(line, StringComparison.Ordinal))), said => said, what,
            CdcUnderLoad.Timeout, () => Task.FromResult(runner.Output));
}
