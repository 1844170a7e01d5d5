using Microsoft.Extensions.Configuration;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;

namespace Ftgo.Stages.Tests;

public sealed class CohortsTests
{
    private static FlagsSnapshot Live(double percent, string? seed = null) =>
        new(new Dictionary<string, GroupFlags> { ["kitchen"] = new() { Stage = MigrationStage.Live, Percent = percent, Seed = seed } },
            1, DateTimeOffset.UtcNow);

    [Theory]
    [InlineData(10)]
    [InlineData(25)]
    [InlineData(37.5)]
    [InlineData(90)]
    public async Task StageFor_AgreesWithFeatureManagementsGetVariant_OnTheSameFile(double percent)
    {
        using var folder = new TempFolder();
        var path = folder.File("flags.json");
        await FlagsFile.WriteAsync(path, new Dictionary<string, GroupFlags>
        {
            ["kitchen"] = new() { Stage = MigrationStage.Live, Percent = percent },
        });
        var configuration = new ConfigurationBuilder().AddJsonFile(path).Build();
        var featureManager = new FeatureManager(new ConfigurationFeatureDefinitionProvider(configuration), new FeatureManagementOptions());
        var rollout = (await FlagsFile.ReadAsync(path)).Groups!["kitchen"] is var flags
            ? new FlagsSnapshot(new Dictionary<string, GroupFlags> { ["kitchen"] = flags }, 1, DateTimeOffset.UtcNow).Rollout("kitchen")
            : null!;

        foreach (var cohort in Enumerable.Range(1, 2000).Select(i => i.ToString()).Append("consumer-ü-17").Append(""))
        {
            var variant = await featureManager.GetVariantAsync("kitchen", new TargetingContext { UserId = cohort }, CancellationToken.None);
            Assert.Equal(variant.Name, rollout.StageFor(cohort).ToWire());
        }
    }

    [Theory]
    [InlineData(5)]
    [InlineData(25)]
    [InlineData(50)]
    [InlineData(90)]
    public void Split_Over10000Cohorts_IsWithinTwoPointsOfThePercent(double percent)
    {
        var rollout = Live(percent).Rollout("kitchen");
        var onNew = Enumerable.Range(1, 10_000).Count(id => rollout.SideFor(id.ToString()) == Side.New);
        Assert.InRange(onNew / 100.0, percent - 2, percent + 2);
    }

    [Fact]
    public void OneCohort_StaysOnOneSide_AcrossRequestsAndSnapshots()
    {
        var first = Live(50).Rollout("kitchen").SideFor("4711");
        for (var i = 0; i < 1000; i++)
        {
            Assert.Equal(first, Live(50).Rollout("kitchen").SideFor("4711"));
        }
    }

    [Fact]
    public void RaisingThePercent_OnlyMovesCohortsFromLegacyToNew()
    {
        var at20 = Live(20).Rollout("kitchen");
        var at60 = Live(60).Rollout("kitchen");
        var ids = Enumerable.Range(1, 5000).Select(i => i.ToString()).ToList();
        Assert.All(ids.Where(id => at20.SideFor(id) == Side.New), id => Assert.Equal(Side.New, at60.SideFor(id)));
    }

    [Fact]
    public void ChangingTheSeed_ReshufflesTheCohorts()
    {
        var a = Live(50).Rollout("kitchen");
        var b = Live(50, seed: "another").Rollout("kitchen");
        var differing = Enumerable.Range(1, 1000).Count(id => a.SideFor(id.ToString()) != b.SideFor(id.ToString()));
        Assert.InRange(differing, 350, 650);
    }

    [Theory]
    [InlineData(0, Side.Legacy)]
    [InlineData(100, Side.New)]
    public void EdgePercents_PutEveryCohortOnOneSide_EvenWithoutACohortKey(double percent, Side side)
    {
        var rollout = Live(percent).Rollout("kitchen");
        Assert.All(Enumerable.Range(1, 500), id => Assert.Equal(side, rollout.SideFor(id.ToString())));
        Assert.Equal(side, rollout.SideFor(null));
    }

    [Fact]
    public void WithoutACohortKey_ASplitGroupAnswersFromLegacy() =>
        Assert.Equal(MigrationStage.Shadow, Live(50).Rollout("kitchen").StageFor(null));

    [Fact]
    public void AGroupTheFlagsDoNotName_IsOff() =>
        Assert.Equal(MigrationStage.Off, FlagsSnapshot.Empty.Rollout("delivery").StageFor("1"));
}
