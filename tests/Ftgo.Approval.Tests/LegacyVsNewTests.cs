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
    public static TheoryData<string, double> NewSides => new()
    {
        { "kitchen", 100 }, { "delivery", 100 }, { "kitchen+delivery", 100 }, { "kitchen+delivery", 50 },
    };

    /// <param name="groups">The groups on the new side: at <c>complete</c> (percent 100) or at <c>live</c> with the percent.</param>
    [Theory]
    [MemberData(nameof(NewSides))]
    public async Task OrderLife_AnswersTheSameFromTheNewServicesAsFromTheMonolith(string groups, double percent)
    {
        var stage = percent >= 100 ? MigrationStage.Complete : MigrationStage.Live;
        var stages = new Dictionary<string, MigrationStage> { ["kitchen"] = MigrationStage.Off, ["delivery"] = MigrationStage.Off };
        foreach (var group in groups.Split('+'))
        {
            stages[group] = stage;
        }
        var run = stage == MigrationStage.Live ? $"{groups} at live {percent}%" : $"{groups} at complete";

        var @new = await RecordAsync(OrderLifeScenario.RunAsync, stages, percent);

        Approve.NewMatchesLegacy(legacy.OrderLife, @new, run);
        Approve.MatchesSnapshot(legacy.OrderLife, "order-life", "legacy");
        Approve.MatchesSnapshot(@new, "order-life", run);
    }

    /// <summary>Runs a scenario on a fresh system at the given stages and returns its approved form.</summary>
    private static async Task<JsonNode> RecordAsync(Func<Recorder, Task> scenario, IReadOnlyDictionary<string, MigrationStage> stages, double percent = 0)
    {
        await using var world = await StranglerWorld.StartAsync(stages, percent);
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
