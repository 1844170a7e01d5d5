using System.Text.Json.Nodes;
using Ftgo.Approval.Tests.Infrastructure;
using Ftgo.Approval.Tests.Scenarios;
using Ftgo.Stages;

namespace Ftgo.Approval.Tests;

/// <summary>
/// The same scenario through the gateway with the route groups at <c>off</c> (the monolith answers) and
/// with a group — or both — at <c>complete</c> (Kitchen, Delivery answer), each run on a fresh system.
/// Every run must match the legacy run exactly and the one approved snapshot.
/// </summary>
public sealed class LegacyVsNewTests(LegacyVsNewTests.LegacyRun legacy) : IClassFixture<LegacyVsNewTests.LegacyRun>
{
    public static TheoryData<string> NewSides => new() { "kitchen", "delivery", "kitchen+delivery" };

    [Theory]
    [MemberData(nameof(NewSides))]
    public async Task OrderLife_AnswersTheSameFromTheNewServicesAsFromTheMonolith(string groupsAtComplete)
    {
        var stages = new Dictionary<string, MigrationStage> { ["kitchen"] = MigrationStage.Off, ["delivery"] = MigrationStage.Off };
        foreach (var group in groupsAtComplete.Split('+'))
        {
            stages[group] = MigrationStage.Complete;
        }

        var @new = await RecordAsync(OrderLifeScenario.RunAsync, stages);

        Approve.NewMatchesLegacy(legacy.OrderLife, @new, $"{groupsAtComplete} at complete");
        Approve.MatchesSnapshot(legacy.OrderLife, "order-life", "legacy");
        Approve.MatchesSnapshot(@new, "order-life", $"{groupsAtComplete} at complete");
    }

    /// <summary>Runs a scenario on a fresh system at the given stages and returns its approved form.</summary>
    private static async Task<JsonNode> RecordAsync(Func<Recorder, Task> scenario, IReadOnlyDictionary<string, MigrationStage> stages)
    {
        await using var world = await StranglerWorld.StartAsync(stages);
        var run = new Recorder(world);
        await scenario(run);
        Assert.Empty(await world.DeadLettersAsync());
        return Approve.Document(run.Exchanges);
    }

    /// <summary>The legacy run (both groups at off), recorded once for the comparisons of the class.</summary>
    public sealed class LegacyRun : IAsyncLifetime
    {
        public JsonNode OrderLife { get; private set; } = null!;

        public async Task InitializeAsync() =>
            OrderLife = await RecordAsync(OrderLifeScenario.RunAsync,
                new Dictionary<string, MigrationStage> { ["kitchen"] = MigrationStage.Off, ["delivery"] = MigrationStage.Off });

        public Task DisposeAsync() => Task.CompletedTask;
    }
}
