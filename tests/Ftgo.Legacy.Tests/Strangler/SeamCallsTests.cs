using Ftgo.Legacy.Tests.Infrastructure;
using Ftgo.Stages;
using static Ftgo.Legacy.Tests.Infrastructure.Stages;

namespace Ftgo.Legacy.Tests.Strangler;

/// <summary>
/// <c>GET /_ftgo/seam-calls</c>: the moved seam operations the monolith still ran in process, per group and operation,
/// since a time — the decommission check's third source. An operation the stage routing sends to the new service is not counted.
/// </summary>
public abstract class SeamCallsTests(LegacyFixture fixture)
{
    public sealed class Sqlite(SqliteFixture fixture) : SeamCallsTests(fixture), IClassFixture<SqliteFixture>;

    public sealed class Postgres(PostgresFixture fixture) : SeamCallsTests(fixture), IClassFixture<PostgresFixture>;

    private LegacyApp App => fixture.App;

    [Fact]
    public async Task Accept_InProcess_IsCountedForKitchen_AndTheScheduleSentToDelivery_IsNot()
    {
        await App.SetStagesAsync(KitchenAt(MigrationStage.Off), DeliveryAt(MigrationStage.RampDown));
        using var client = await fixture.ClientAsync();
        var (orderId, _, _) = await client.NewOrderAsync();
        var since = DateTimeOffset.UtcNow;

        await Expect.OkAsync(await client.AcceptAsync(orderId, Wire.LocalNowPlus(TimeSpan.FromHours(1))));

        Assert.Equal([("accept", 1L)], await CallsAsync(client, "kitchen", since));
        Assert.All(await CallsAsync(client, "delivery", since), c => Assert.Equal(0, c.Item2));
    }

    [Fact]
    public async Task Accept_WithDeliveryOnTheLegacySide_CountsTheInProcessSchedule_AndAWindowAfterItSeesNone()
    {
        await App.SetStagesAsync(KitchenAt(MigrationStage.Off), DeliveryAt(MigrationStage.Shadow));
        using var client = await fixture.ClientAsync();
        await App.NoCourierAvailableAsync();
        await client.CreateCourierAsync();
        var (orderId, _, _) = await client.NewOrderAsync();
        var since = DateTimeOffset.UtcNow;

        await Expect.OkAsync(await client.AcceptAsync(orderId, Wire.LocalNowPlus(TimeSpan.FromHours(1))));

        Assert.Equal([("schedule", 1L)], await CallsAsync(client, "delivery", since));
        Assert.All(await CallsAsync(client, "delivery", DateTimeOffset.UtcNow.AddSeconds(1)), c => Assert.Equal(0, c.Item2));
    }

    /// <summary>Every operation of <paramref name="group"/> the monolith has run in process, with its calls after <paramref name="since"/>.</summary>
    private static async Task<(string, long)[]> CallsAsync(FtgoClient client, string group, DateTimeOffset since)
    {
        var report = await client.GetOkAsync($"/_ftgo/seam-calls?group={group}&since={Uri.EscapeDataString(since.ToString("O"))}");
        return report.GetProperty("seams").EnumerateArray()
            .Select(s => (s.GetProperty("operation").GetString()!, s.GetProperty("calls").GetInt64()))
            .ToArray();
    }
}
