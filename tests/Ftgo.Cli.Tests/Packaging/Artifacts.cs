namespace Ftgo.Cli.Tests.Packaging;

/// <summary>
/// The shipped artifacts, made from this run's build as a team makes them (<c>dotnet publish</c>, no
/// rebuild): the <c>ftgo</c> bundle with its four services, published once for the collection's tests and
/// deleted after them. The tests that publish run in one collection, one at a time: two publishes of the
/// same project at once would share its obj folder.
/// </summary>
public sealed class Artifacts : IAsyncLifetime
{
    public static readonly TimeSpan PublishTimeout = TimeSpan.FromMinutes(5);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "ftgo-artifacts-" + Guid.NewGuid().ToString("N")[..8]);

    /// <summary><c>ftgo.dll</c> of the bundle: services/legacy, kitchen, delivery and gateway beside it.</summary>
    public string BundleCli => Path.Combine(Folder, "bundle", "ftgo.dll");

    public async Task InitializeAsync()
    {
        var publish = await ExternalProgram.DotnetAsync(PublishTimeout, "publish", "migration/Ftgo.Cli", "-c", ExternalProgram.Configuration,
            "--no-build", "--nologo", "-o", Path.Combine(Folder, "bundle"), "-p:FtgoBundleServices=true");
        Assert.True(publish.Code == 0, publish.ToString());
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class ArtifactsCollection : ICollectionFixture<Artifacts>
{
    public const string Name = "published artifacts";
}
