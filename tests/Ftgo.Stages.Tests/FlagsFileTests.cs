using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ftgo.Stages.Tests;

public sealed class FlagsFileTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Path => _folder.File("flags.json");

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task Write_ThenRead_GivesBackEveryField()
    {
        var kitchen = new GroupFlags
        {
            Stage = MigrationStage.Live,
            Percent = 25,
            ShadowSampleRatio = 0.5,
            Seed = "s1",
            Rollback = new RollbackBounds
            {
                MaxErrorRate = 0.2, MaxP99Ms = 250, MaxMismatchRate = 0.01, WindowSeconds = 10, MinRequests = 5, Enabled = false,
                ShadowTo = MigrationStage.DualWrite, LiveTo = MigrationStage.Shadow, RampdownTo = MigrationStage.Live, CompleteTo = MigrationStage.DualWrite,
            },
            ChangedAt = new DateTimeOffset(2026, 11, 25, 10, 0, 0, TimeSpan.Zero),
            ChangedBy = "test",
            Reason = "because",
        };
        var delivery = new GroupFlags { Stage = MigrationStage.RampDown };
        await FlagsFile.WriteAsync(Path, new Dictionary<string, GroupFlags> { ["kitchen"] = kitchen, ["delivery"] = delivery });

        var read = await FlagsFile.ReadAsync(Path);

        Assert.True(read.IsValid, string.Join(" ", read.Errors));
        Assert.Equal(kitchen, read.Groups!["kitchen"]);
        Assert.Equal(delivery with { Seed = "ftgo:delivery" }, read.Groups["delivery"]);
    }

    [Fact]
    public async Task TheFile_IsFeatureManagementsSchema_WithTheStagesAsVariants()
    {
        await FlagsFile.WriteAsync(Path, new Dictionary<string, GroupFlags>
        {
            ["kitchen"] = new() { Stage = MigrationStage.Live, Percent = 30 },
        });
        var flag = JsonNode.Parse(await File.ReadAllTextAsync(Path))!["feature_management"]!["feature_flags"]![0]!;

        Assert.Equal("kitchen", flag["id"]!.GetValue<string>());
        Assert.Equal(["off", "dualwrite", "shadow", "live", "rampdown", "complete"],
            flag["variants"]!.AsArray().Select(v => v!["name"]!.GetValue<string>()));
        var allocation = flag["allocation"]!;
        Assert.Equal("shadow", allocation["default_when_enabled"]!.GetValue<string>());
        Assert.Equal("ftgo:kitchen", allocation["seed"]!.GetValue<string>());
        Assert.Equal("""[{"variant":"live","from":0,"to":30},{"variant":"shadow","from":30,"to":100}]""",
            allocation["percentile"]!.ToJsonString());
    }

    [Fact]
    public async Task TheRollbackTargets_AreStageNames_AndDefaultToOneStepBackFromCompleteAndDualwriteFromTheRest()
    {
        await FlagsFile.WriteAsync(Path, new Dictionary<string, GroupFlags> { ["kitchen"] = new() { Stage = MigrationStage.Complete } });
        var rollback = JsonNode.Parse(await File.ReadAllTextAsync(Path))!["feature_management"]!["feature_flags"]![0]!["ftgo"]!["rollback"]!;

        Assert.Equal(("dualwrite", "dualwrite", "dualwrite", "rampdown"),
            (rollback["shadow_to"]!.GetValue<string>(), rollback["live_to"]!.GetValue<string>(),
                rollback["rampdown_to"]!.GetValue<string>(), rollback["complete_to"]!.GetValue<string>()));
        Assert.Equal(0.05, rollback["max_mismatch_rate"]!.GetValue<double>());
    }

    [Fact]
    public async Task AnAbsentFile_IsValid_AndEveryGroupIsOff()
    {
        var read = await FlagsFile.ReadAsync(Path);
        Assert.True(read.IsValid);
        Assert.False(read.Exists);
        Assert.Empty(read.Groups!);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("{ not json", "not valid JSON")]
    [InlineData("""{"feature_management":{"feature_flags":[{"id":"kitchen","enabled":true,"variants":[{"name":"off"},{"name":"warp"}],"allocation":{"default_when_enabled":"warp"}}]}}""", "warp")]
    [InlineData("""{"feature_management":{"feature_flags":[{"id":"kitchen","enabled":true,"variants":[{"name":"live"},{"name":"shadow"}],"allocation":{"default_when_enabled":"shadow","percentile":[{"variant":"live","from":0,"to":40},{"variant":"shadow","from":50,"to":100}]}}]}}""", "percentile")]
    [InlineData("""{"feature_management":{"feature_flags":[{"id":"kitchen","enabled":true,"variants":[{"name":"off"}],"allocation":{"default_when_enabled":"off"},"ftgo":{"shadow_sample_ratio":2}}]}}""", "shadow_sample_ratio")]
    [InlineData("""{"feature_management":{"feature_flags":[{"id":"kitchen","enabled":true,"variants":[{"name":"off"}],"allocation":{"default_when_enabled":"off"},"ftgo":{"shadow_ratio":1}}]}}""", "shadow_ratio")]
    [InlineData("""{"feature_management":{"feature_flags":[{"id":"Kitchen!","enabled":true,"variants":[{"name":"off"}],"allocation":{"default_when_enabled":"off"}}]}}""", "not a valid group name")]
    [InlineData("""{"feature_management":{"feature_flags":[{"id":"kitchen","enabled":true,"variants":[{"name":"off"}]}]}}""", "default_when_enabled")]
    [InlineData("""{"flags":{}}""", "feature_management")]
    [InlineData("""{"feature_management":{"feature_flags":[{"id":"kitchen","enabled":true,"variants":[{"name":"off"}],"allocation":{"default_when_enabled":"off"},"ftgo":{"rollback":{"live_to":"live"}}}]}}""", "rollback.live_to")]
    [InlineData("""{"feature_management":{"feature_flags":[{"id":"kitchen","enabled":true,"variants":[{"name":"off"}],"allocation":{"default_when_enabled":"off"},"ftgo":{"rollback":{"complete_to":"off"}}}]}}""", "off would stop CDC")]
    [InlineData("""{"feature_management":{"feature_flags":[{"id":"kitchen","enabled":true,"variants":[{"name":"off"}],"allocation":{"default_when_enabled":"off"},"ftgo":{"rollback":{"rampdown_to":"sideways"}}}]}}""", "'sideways' is not a stage")]
    [InlineData("""{"feature_management":{"feature_flags":[{"id":"kitchen","enabled":true,"variants":[{"name":"off"}],"allocation":{"default_when_enabled":"off"},"ftgo":{"rollback":{"max_mismatch_rate":0}}}]}}""", "max_mismatch_rate")]
    public async Task AnInvalidFile_IsRefused_WithTheReason(string content, string reason)
    {
        await File.WriteAllTextAsync(Path, content);
        var read = await FlagsFile.ReadAsync(Path);
        Assert.False(read.IsValid);
        Assert.Contains(read.Errors, e => e.Contains(reason, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task WritingInvalidFlags_IsRefused_AndTheFileIsUntouched()
    {
        await FlagsFile.WriteAsync(Path, new Dictionary<string, GroupFlags> { ["kitchen"] = new() { Stage = MigrationStage.Shadow } });
        var before = await File.ReadAllTextAsync(Path);

        var refused = await Assert.ThrowsAsync<FlagsValidationException>(() => FlagsFile.WriteAsync(Path,
            new Dictionary<string, GroupFlags> { ["kitchen"] = new() { Stage = MigrationStage.Live, Percent = 120 } }));

        Assert.Contains(refused.Errors, e => e.Contains("percent"));
        Assert.Equal(before, await File.ReadAllTextAsync(Path));
        Assert.Empty(Directory.GetFiles(_folder.Path, "*.tmp"));
    }

    [Fact]
    public async Task AReader_NeverSeesAHalfWrittenFile()
    {
        using var stop = new CancellationTokenSource();
        var invalidReads = 0;
        var reads = 0;
        var reader = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var read = await FlagsFile.ReadAsync(Path);
                reads++;
                if (read.Exists && !read.IsValid)
                {
                    invalidReads++;
                }
            }
        });
        for (var i = 0; i < 200; i++)
        {
            await FlagsFile.WriteAsync(Path, new Dictionary<string, GroupFlags>
            {
                ["kitchen"] = new() { Stage = MigrationStage.Live, Percent = i % 100, Reason = new string('x', i * 50) },
            });
        }
        await stop.CancelAsync();
        await reader;
        Assert.True(reads > 0);
        Assert.Equal(0, invalidReads);
    }

    [Fact]
    public async Task TwoWriters_OnOneFile_KeepEachOthersChanges()
    {
        using var flags = new FileMigrationFlags(Path, NullLogger<FileMigrationFlags>.Instance, TimeProvider.System);
        var one = new FileMigrationFlagsWriter(Path, flags, TimeProvider.System, NullLogger<FileMigrationFlagsWriter>.Instance);
        var two = new FileMigrationFlagsWriter(Path, flags, TimeProvider.System, NullLogger<FileMigrationFlagsWriter>.Instance);

        await Task.WhenAll(
            Task.Run(async () =>
            {
                for (var i = 1; i <= 20; i++)
                {
                    await one.UpdateAsync("kitchen", f => f with { Stage = MigrationStage.Live, Percent = i, Reason = "arranged" }, TestFlags.Arranging);
                }
            }),
            Task.Run(async () =>
            {
                for (var i = 1; i <= 20; i++)
                {
                    await two.UpdateAsync("delivery", f => f with { Stage = MigrationStage.Live, Percent = i * 2, Reason = "arranged" }, TestFlags.Arranging);
                }
            }));

        var read = await FlagsFile.ReadAsync(Path);
        Assert.Equal(20, read.Groups!["kitchen"].Percent);
        Assert.Equal(40, read.Groups["delivery"].Percent);
    }

    [Fact]
    public async Task Update_ChangesOneGroup_AndKeepsTheOthers()
    {
        await FlagsFile.WriteAsync(Path, new Dictionary<string, GroupFlags>
        {
            ["kitchen"] = new() { Stage = MigrationStage.Shadow },
            ["delivery"] = new() { Stage = MigrationStage.Live, Percent = 5 },
        });

        await FlagsFile.UpdateAsync(Path, "kitchen", f => f with { Stage = MigrationStage.Live, Percent = 20 }, TestFlags.Arranging);

        var read = await FlagsFile.ReadAsync(Path);
        Assert.Equal((MigrationStage.Live, 20.0), (read.Groups!["kitchen"].Stage, read.Groups["kitchen"].Percent));
        Assert.Equal((MigrationStage.Live, 5.0), (read.Groups["delivery"].Stage, read.Groups["delivery"].Percent));
    }

    [Fact]
    public async Task Update_OfAnInvalidFile_WithoutLastGoodFlags_IsRefused_AndTheFileIsUntouched()
    {
        await File.WriteAllTextAsync(Path, "{ broken");

        await Assert.ThrowsAsync<FlagsValidationException>(() => FlagsFile.UpdateAsync(Path, "kitchen", f => f with { Stage = MigrationStage.Off }, TestFlags.Arranging));

        Assert.Equal("{ broken", await File.ReadAllTextAsync(Path));
    }
}
