using System.Net;
using Ftgo.Legacy.Tests.Infrastructure;
using Ftgo.Stages;
using static Ftgo.Legacy.Tests.Infrastructure.Stages;

namespace Ftgo.Legacy.Tests.Strangler;

/// <summary>The monolith watches the flags file: a stage written there takes effect without a restart, and so does its undoing.</summary>
public abstract class FlagsFileTests(LegacyFixture fixture)
{
    public sealed class Sqlite(SqliteFixture fixture) : FlagsFileTests(fixture), IClassFixture<SqliteFixture>;

    public sealed class Postgres(PostgresFixture fixture) : FlagsFileTests(fixture), IClassFixture<PostgresFixture>;

    [Fact]
    public async Task AStageWrittenToTheFlagsFile_IsFollowedWithoutRestart_AndSoIsItsRollback()
    {
        using var client = await fixture.ClientAsync();
        var (orderId, _, _) = await client.NewOrderAsync();

        // "preparing" on an APPROVED order: the monolith refuses it as an illegal transition (409),
        // the monolith on the kitchen's new side refuses it as moved (410); neither changes anything.
        async Task<HttpStatusCode> Preparing() => (await client.PostAsync($"/orders/{orderId}/preparing")).StatusCode;
        Assert.Equal(HttpStatusCode.Conflict, await Preparing());

        await fixture.App.WriteStagesAsync(KitchenAt(MigrationStage.RampDown));
        await Eventually.UntilAsync(Preparing, s => s == HttpStatusCode.Gone, "the monolith to follow kitchen at rampdown");

        await fixture.App.WriteStagesAsync(KitchenAt(MigrationStage.DualWrite));
        await Eventually.UntilAsync(Preparing, s => s == HttpStatusCode.Conflict, "the monolith to follow the rollback to dualwrite");
        Assert.Equal("APPROVED", await client.GetOrderStateAsync(orderId));
    }
}
