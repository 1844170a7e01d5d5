namespace Ftgo.Migration.Tests.Infrastructure;

/// <summary>
/// <c>ftgo</c> packed from this run's build (<c>dotnet pack --no-build</c>) and installed with
/// <c>dotnet tool install --tool-path</c> into a folder of its own, once for a test class; deleted after.
/// </summary>
public sealed class InstalledTool : IAsyncLifetime
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "ftgo-tool-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary>The installed command (the tool's shim).</summary>
    public string Command => Path.Combine(Folder, "tools", "ftgo");

    /// <summary>An empty folder outside the repository, the working directory of every command.</summary>
    public string Outside => Path.Combine(Folder, "work");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Outside);
        var pack = await ExternalProgram.DotnetAsync(TimeSpan.FromMinutes(5), "pack", "migration/Ftgo.Cli", "-c", ExternalProgram.Configuration,
            "--no-build", "--nologo", "-o", Path.Combine(Folder, "packages"));
        Assert.True(pack.Code == 0, pack.ToString());
        // A package cache of its own: a cached ftgo of the same version from an earlier build must not be installed instead.
        var install = await ExternalProgram.RunAsync("dotnet", ["tool", "install", "Ftgo.Strangler.Cli", "--tool-path", Path.Combine(Folder, "tools"),
                "--add-source", Path.Combine(Folder, "packages"), "--ignore-failed-sources"],
            Outside, new Dictionary<string, string?> { ["NUGET_PACKAGES"] = Path.Combine(Folder, "nuget") }, TimeSpan.FromMinutes(5));
        Assert.True(install.Code == 0, install.ToString());
        Assert.True(File.Exists(Command), install.ToString());
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }
}
