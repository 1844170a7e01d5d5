using Ftgo.Approval.Tests.Infrastructure;
using Ftgo.Approval.Tests.Scenarios;
using Ftgo.Stages;

namespace Ftgo.Approval.Tests;

/// <summary>
/// The same scenario through the gateway twice — the route groups at <c>off</c> (the monolith answers)
/// and at <c>complete</c> (Kitchen and Delivery answer) — each run on a fresh system; both runs must
/// match each other exactly and the one approved snapshot.
/// </summary>
public sealed class LegacyVsNewTests
{
    [Fact]
    public async Task OrderLife_AnswersTheSameFromTheNewServicesAsFromTheMonolith()
    {
        var legacy = await RecordAsync(OrderLifeScenario.RunAsync, MigrationStage.Off);
        var @new = await RecordAsync(OrderLifeScenario.RunAsync, MigrationStage.Complete);

        Approve.NewMatchesLegacy(legacy, @new, "kitchen and delivery at complete");
        Approve.MatchesSnapshot(legacy, "order-life", "legacy");
        Approve.MatchesSnapshot(@new, "order-life", "new");
    }

    private static async Task<System.Text.Json.Nodes.JsonNode> RecordAsync(Func<Recorder, Task> scenario, MigrationStage stage)
    {
        await using var world = await StranglerWorld.StartAsync(new Dictionary<string, MigrationStage>
        {
            ["kitchen"] = stage,
            ["delivery"] = stage,
        });
        var run = new Recorder(world);
        await scenario(run);
        Assert.Empty(await world.DeadLettersAsync());
        return Approve.Document(run.Exchanges);
    }
}
