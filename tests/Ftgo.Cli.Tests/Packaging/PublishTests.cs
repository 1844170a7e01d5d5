namespace Ftgo.Cli.Tests.Packaging;

/// <summary>
/// Every deployable passes <c>dotnet publish -c CONFIG -o DIR</c> (from this run's build) and its folder
/// holds what starting it needs, and no other deployable's settings.
/// </summary>
[Collection(ArtifactsCollection.Name)]
public sealed class PublishTests(Artifacts artifacts)
{
    [Theory]
    [InlineData("legacy/Ftgo.Legacy", "Ftgo.Legacy")]
    [InlineData("extracted/Ftgo.Kitchen", "Ftgo.Kitchen")]
    [InlineData("extracted/Ftgo.Delivery", "Ftgo.Delivery")]
    [InlineData("gateway/Ftgo.Gateway", "Ftgo.Gateway")]
    [InlineData("migration/Ftgo.Cli", "ftgo")]
    public async Task Publish_EachDeployable_SucceedsWithItsEntryAssemblyAndSettings(string project, string assembly)
    {
        var output = Path.Combine(artifacts.Folder, "publish", assembly);

        var publish = await ExternalProgram.DotnetAsync(Artifacts.PublishTimeout, "publish", project, "-c", ExternalProgram.Configuration,
            "--no-build", "--nologo", "-o", output);

        Assert.True(publish.Code == 0, publish.ToString());
        Assert.DoesNotContain("warning NETSDK", publish.All);
        Assert.True(File.Exists(Path.Combine(output, assembly + ".dll")), $"{assembly}.dll is not in {output}");
        Assert.True(File.Exists(Path.Combine(output, assembly + ".runtimeconfig.json")), publish.All);
        if (assembly == "ftgo")
        {
            // The runbooks travel with it; the services' settings do not (they collided there: NETSDK1152).
            Assert.True(File.Exists(Path.Combine(output, "runbooks", "extract-kitchen.yaml")));
            Assert.True(File.Exists(Path.Combine(output, "runbooks", "extract-delivery.yaml")));
            Assert.False(File.Exists(Path.Combine(output, "appsettings.json")), "a service's appsettings.json is in ftgo's output");
            Assert.False(Directory.Exists(Path.Combine(output, "services")), "the services are bundled only when asked");
        }
        else
        {
            Assert.True(File.Exists(Path.Combine(output, "appsettings.json")), $"appsettings.json is not in {output}");
        }
    }

    [Fact]
    public void PublishBundle_HoldsFtgoAndTheFourServicesEachInItsFolder()
    {
        var bundle = Path.GetDirectoryName(artifacts.BundleCli)!;
        Assert.True(File.Exists(artifacts.BundleCli));
        foreach (var (folder, assembly) in new[] { ("legacy", "Ftgo.Legacy"), ("kitchen", "Ftgo.Kitchen"), ("delivery", "Ftgo.Delivery"), ("gateway", "Ftgo.Gateway") })
        {
            Assert.True(File.Exists(Path.Combine(bundle, "services", folder, assembly + ".dll")), $"services/{folder}/{assembly}.dll is missing");
            Assert.True(File.Exists(Path.Combine(bundle, "services", folder, "appsettings.json")), $"services/{folder}/appsettings.json is missing");
        }
    }
}
