using Ftgo.Migration.Running;
using Ftgo.Migration.Tests.Infrastructure;

namespace Ftgo.Migration.Tests.Cdc;

/// <summary>
/// The CDC process (`ftgo cdc run`, a child process) is killed with SIGKILL mid-stream under a
/// steady write load, then restarted: it resumes from its checkpoint and the new schemas end equal
/// to legacy, with no change applied twice.
/// </summary>
public sealed class CdcCrashTests(KafkaMockBroker broker) : IClassFixture<KafkaMockBroker>
{
    [Theory]
    [InlineData(Engine.Postgres, CdcSettings.InProcess)]
    [InlineData(Engine.Postgres, CdcSettings.Kafka)]
    [InlineData(Engine.Sqlite, CdcSettings.InProcess)]
    public async Task CdcProcess_KilledUnderLoadAndRestarted_EndsEqualToLegacy(Engine engine, string transport)
    {
        await using var cdc = await CdcUnderLoad.StartAsync(engine, transport, broker);
        var first = cdc.StartRunner();
        await cdc.TicketsAtLeastAsync(40, "the first CDC process to apply 40 tickets", first);
        await first.KillAsync();
        var atKill = await cdc.TicketsAsync();
        var writesAtKill = cdc.Load.Writes;

        await using var second = cdc.StartRunner();
        await cdc.TicketsAtLeastAsync(atKill + 40, "the restarted CDC process to apply 40 more tickets", second);
        await cdc.Load.StopAsync();
        Assert.True(cdc.Load.Writes > writesAtKill, "the write load kept running across the crash");

        await cdc.AssertEqualToLegacyAsync(second);
        // The restarted process says what it applied (its status line comes every 0.2 s: wait for one that counts).
        await Eventually.UntilAsync(() => Task.FromResult(second.Lines.Any(l => l.StartsWith("cdc: ") && l.Contains("records applied") && !l.StartsWith("cdc: 0 records"))),
            seen => seen, "a status line of the restarted process counting the records it applied", CdcUnderLoad.Timeout, () => Task.FromResult(second.Output));
    }
}
