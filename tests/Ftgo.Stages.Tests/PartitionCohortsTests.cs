
namespace Ftgo.Stages.Tests;

/// <summary>
/// A group split by data partition in the flags every process reads: the allow and deny lists at live, their
/// validation, and a file without them reading exactly as before.
/// </summary>
public sealed class PartitionCohortsTests
{
    private static GroupRollout Rollout(MigrationStage stage, double percent, PartitionRules? partitions) =>
        new FlagsSnapshot(new Dictionary<string, GroupFlags>
        {
            ["kitchen"] = new() { Stage = stage, Percent = stage == MigrationStage.Live ? percent : 0, Partitions = partitions },
        }, 1, DateTimeOffset.UtcNow).Rollout("kitchen");

    private static readonly IReadOnlyList<string> Restaurants = Enumerable.Range(1, 500).Select(i => i.ToString()).ToList();

    [Theory]
    [InlineData(0)]
    [InlineData(50)]
    [InlineData(100)]
    public void AllowList_AtLive_PutsOnlyTheListedPartitionsOnTheNewSide_WhateverThePercent(double percent)
    {
        var rollout = Rollout(MigrationStage.Live, percent, new PartitionRules { By = "restaurant", Allow = ["7", "42"] });

        Assert.True(rollout.SplitsCohorts);
        Assert.Equal(["42", "7"], Restaurants.Where(r => rollout.SideFor(r) == Side.New).Order(StringComparer.Ordinal));
        Assert.Equal(MigrationStage.Shadow, rollout.StageFor("8"));
        Assert.Equal(MigrationStage.Shadow, rollout.StageFor(null));
    }

    [Fact]
    public void EmptyAllowList_KeepsEveryPartitionOnLegacy_EvenAt100Percent()
    {
        var rollout = Rollout(MigrationStage.Live, 100, new PartitionRules { By = "restaurant", Allow = [] });
        Assert.All(Restaurants, r => Assert.Equal(MigrationStage.Shadow, rollout.StageFor(r)));
    }

    [Theory]
    [InlineData(50)]
    [InlineData(100)]
    public void DenyList_KeepsTheListedPartitionsOnLegacy_WhateverThePercent(double percent)
    {
        var plain = Rollout(MigrationStage.Live, percent, new PartitionRules { By = "restaurant" });
        var denied = Rollout(MigrationStage.Live, percent, new PartitionRules { By = "restaurant", Deny = ["3", "4"] });

        Assert.True(denied.SplitsCohorts);
        Assert.Equal(Side.Legacy, denied.SideFor("3"));
        Assert.Equal(Side.Legacy, denied.SideFor("4"));
        // Every other partition is where the percent alone puts it.
        Assert.All(Restaurants.Except(["3", "4"]), r => Assert.Equal(plain.SideFor(r), denied.SideFor(r)));
    }

    [Fact]
    public void PartitionWithoutLists_SplitsByThePercentOfThePartitionsHash()
    {
        var rollout = Rollout(MigrationStage.Live, 50, new PartitionRules { By = "restaurant" });
        var percentOnly = Rollout(MigrationStage.Live, 50, null);
        Assert.All(Restaurants, r => Assert.Equal(percentOnly.SideFor(r), rollout.SideFor(r)));
        Assert.Equal("restaurant", rollout.PartitionBy);
        Assert.Null(percentOnly.PartitionBy);
    }

    [Theory]
    [InlineData(MigrationStage.Shadow)]
    [InlineData(MigrationStage.RampDown)]
    [InlineData(MigrationStage.Complete)]
    public void Lists_AreIgnoredAtOtherStages(MigrationStage stage)
    {
        var rollout = Rollout(stage, 0, new PartitionRules { By = "restaurant", Allow = ["7"], Deny = ["3"] });
        Assert.False(rollout.SplitsCohorts);
        Assert.Equal(stage, rollout.StageFor("7"));
        Assert.Equal(stage, rollout.StageFor("3"));
    }

    [Fact]
    public async Task AFileWithoutPartitions_ReadsAsBefore_AndIsWrittenWithoutThem()
    {
        using var folder = new TempFolder();
        var path = folder.File("flags.json");
        await FlagsFile.WriteAsync(path, new Dictionary<string, GroupFlags> { ["kitchen"] = new() { Stage = MigrationStage.Live, Percent = 30 } });

        Assert.DoesNotContain("partitions", await File.ReadAllTextAsync(path));
        var flags = (await FlagsFile.ReadAsync(path)).Groups!["kitchen"];
        Assert.Null(flags.Partitions);
        Assert.Equal("kitchen=live 30%", new FlagsSnapshot(new Dictionary<string, GroupFlags> { ["kitchen"] = flags }, 1, DateTimeOffset.UtcNow).Summary);
    }

    [Fact]
    public async Task Partitions_RoundTripThroughTheFile()
    {
        using var folder = new TempFolder();
        var path = folder.File("flags.json");
        var rules = new PartitionRules { By = "restaurant", Allow = ["7", "12"], Deny = ["3"] };
        await FlagsFile.WriteAsync(path, new Dictionary<string, GroupFlags> { ["kitchen"] = new() { Stage = MigrationStage.Live, Percent = 0, Partitions = rules } });

        var read = (await FlagsFile.ReadAsync(path)).Groups!["kitchen"].Partitions!;
        Assert.Equal("restaurant", read.By);
        Assert.Equal(["7", "12"], read.Allow!);
        Assert.Equal(["3"], read.Deny!);
        Assert.Equal("kitchen=live 0% restaurant+[7,12]-[3]",
            new FlagsSnapshot(new Dictionary<string, GroupFlags> { ["kitchen"] = new() { Stage = MigrationStage.Live, Partitions = read } }, 1,
                DateTimeOffset.UtcNow).Summary);
    }

    public static TheoryData<string, string> MalformedPartitions => new()
    {
        { """{ "by": "tenant" }""", "partitions.by must be one of restaurant, not 'tenant'" },
        { """{ "allow": ["7"] }""", "an allow or deny list needs the partition the group is split by" },
        { """{ "by": "restaurant", "allow": ["07", "-1", "x"] }""", "partitions.allow must list restaurant ids" },
        { """{ "by": "restaurant", "deny": ["0"] }""", "partitions.deny must list restaurant ids" },
        { """{ "by": "restaurant", "allow": ["7", "7"] }""", "partitions.allow lists 7 more than once" },
        { """{ "by": "restaurant", "allow": ["7"], "deny": ["7"] }""", "restaurant 7 is both allowed and denied" },
        { """{ "by": "restaurant", "allow": [7] }""", "the 'ftgo' settings are not valid" },
        { """{ "by": "restaurant", "only": ["7"] }""", "the 'ftgo' settings are not valid" },
    };

    [Theory]
    [MemberData(nameof(MalformedPartitions))]
    public async Task MalformedPartitions_AreRefused_WithAMessageNamingTheGroup(string partitions, string expected)
    {
        using var folder = new TempFolder();
        var path = folder.File("flags.json");
        await FlagsFile.WriteAsync(path, new Dictionary<string, GroupFlags> { ["kitchen"] = new() { Stage = MigrationStage.Live, Percent = 0 } });
        var json = (await File.ReadAllTextAsync(path)).Replace("\"shadow_sample_ratio\"", $"\"partitions\": {partitions},\n\"shadow_sample_ratio\"");
        await File.WriteAllTextAsync(path, json);

        var read = await FlagsFile.ReadAsync(path);

        Assert.Null(read.Groups);
        var error = Assert.Single(read.Errors);
        Assert.StartsWith("kitchen", error);
        Assert.Contains(expected, error);
    }

    [Fact]
    public async Task AListOnAGroupNotSplitByPartition_IsRefusedOnWrite()
    {
        using var folder = new TempFolder();
        var path = folder.File("flags.json");
        var e = await Assert.ThrowsAsync<FlagsValidationException>(() => FlagsFile.WriteAsync(path, new Dictionary<string, GroupFlags>
        {
            ["kitchen"] = new() { Stage = MigrationStage.Live, Partitions = new PartitionRules { Allow = ["7"] } },
        }));
        Assert.Contains("needs the partition the group is split by", Assert.Single(e.Errors));
    }
}
