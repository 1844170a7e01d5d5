using Microsoft.Extensions.Logging.Abstractions;

namespace Ftgo.Stages.Tests;

public sealed class FileMigrationFlagsTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private string Path => _folder.File("flags.json");

    public void Dispose() => _folder.Dispose();

    private FileMigrationFlags Source() => new(Path, NullLogger<FileMigrationFlags>.Instance, TimeProvider.System);

    private Task Write(MigrationStage stage, double percent = 0) => FlagsFile.WriteAsync(Path,
        new Dictionary<string, GroupFlags> { ["kitchen"] = new() { Stage = stage, Percent = percent } });

    [Fact]
    public async Task AChangeOnDisk_IsInForce_WithoutARestart()
    {
        await Write(MigrationStage.Shadow);
        using var flags = Source();
        Assert.Equal(MigrationStage.Shadow, flags.Current.Group("kitchen").Stage);

        await Write(MigrationStage.Live, 40);

        await Eventually.UntilAsync(() => flags.Current.Group("kitchen") is { Stage: MigrationStage.Live, Percent: 40 },
            "the new stage in force");
    }

    [Fact]
    public async Task AnInvalidChange_IsRefused_TheLastGoodFlagsStay_AndTheRefusalIsKept()
    {
        await Write(MigrationStage.RampDown);
        using var flags = Source();
        var good = flags.Current;
        var seen = new List<FlagsSnapshot>();
        flags.Changed += seen.Add;

        await File.WriteAllTextAsync(Path, """{"feature_management":{"feature_flags":[{"id":"kitchen","enabled":true,"variants":[{"name":"off"}],"allocation":{"default_when_enabled":"sideways"}}]}}""");
        // A write in place may be seen half-done first (refused as empty); the finished file is refused for its content.
        await Eventually.UntilAsync(() => flags.LastRefusal?.Errors.Any(e => e.Contains("sideways")) == true, "the refusal");

        Assert.Same(good, flags.Current);
        Assert.Equal(MigrationStage.RampDown, flags.Current.Group("kitchen").Stage);
        Assert.Equal(good.Version, flags.LastRefusal!.KeptVersion);
        Assert.Empty(seen);

        await Write(MigrationStage.Off);
        await Eventually.UntilAsync(() => flags.Current.Group("kitchen").Stage == MigrationStage.Off, "the next good file in force");
        Assert.Null(flags.LastRefusal);
        Assert.True(flags.Current.Version > good.Version);
    }

    [Fact]
    public async Task StartingOnAnInvalidFile_PutsEveryGroupOff_AndSaysWhy()
    {
        await File.WriteAllTextAsync(Path, "{]");
        using var flags = Source();
        Assert.Equal(MigrationStage.Off, flags.Current.Group("kitchen").Stage);
        Assert.NotNull(flags.LastRefusal);
    }

    [Fact]
    public async Task AWriterChange_IsInForceWhenUpdateReturns()
    {
        using var flags = Source();
        var writer = new FileMigrationFlagsWriter(Path, flags, TimeProvider.System, NullLogger<FileMigrationFlagsWriter>.Instance);

        var (written, _) = await writer.UpdateAsync("kitchen", f => f with { Stage = MigrationStage.Complete, Reason = "done" }, TestFlags.Arranging);

        Assert.Equal(MigrationStage.Complete, flags.Current.Group("kitchen").Stage);
        Assert.NotNull(written.ChangedAt);
        Assert.Equal("done", (await FlagsFile.ReadAsync(Path)).Groups!["kitchen"].Reason);
    }

    [Fact]
    public async Task AWriter_OverAnInvalidFile_WritesOverTheLastGoodFlags()
    {
        await FlagsFile.WriteAsync(Path, new Dictionary<string, GroupFlags>
        {
            ["kitchen"] = new() { Stage = MigrationStage.Live, Percent = 10 },
            ["delivery"] = new() { Stage = MigrationStage.Shadow },
        });
        using var flags = Source();
        await File.WriteAllTextAsync(Path, "garbage");
        var writer = new FileMigrationFlagsWriter(Path, flags, TimeProvider.System, NullLogger<FileMigrationFlagsWriter>.Instance);

        await writer.UpdateAsync("kitchen", f => f with { Stage = MigrationStage.DualWrite, Percent = 0 }, TestFlags.Arranging);

        var read = await FlagsFile.ReadAsync(Path);
        Assert.Equal(MigrationStage.DualWrite, read.Groups!["kitchen"].Stage);
        Assert.Equal(MigrationStage.Shadow, read.Groups["delivery"].Stage);
    }
}
