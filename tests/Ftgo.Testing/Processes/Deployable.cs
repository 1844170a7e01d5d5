using System.Reflection;

namespace Ftgo.Testing.Processes;

/// <summary>
/// A deployable of the repository and where its build output is, so that a test or a benchmark runs
/// it as it ships: <c>dotnet &lt;project&gt;/bin/&lt;configuration&gt;/net10.0/&lt;assembly&gt;.dll</c>.
/// </summary>
public sealed record Deployable(string Name, string Project, string AssemblyName)
{
    public static readonly Deployable Legacy = new("legacy", "legacy/Ftgo.Legacy", "Ftgo.Legacy");
    public static readonly Deployable Kitchen = new("kitchen", "extracted/Ftgo.Kitchen", "Ftgo.Kitchen");
    public static readonly Deployable Delivery = new("delivery", "extracted/Ftgo.Delivery", "Ftgo.Delivery");
    public static readonly Deployable Gateway = new("gateway", "gateway/Ftgo.Gateway", "Ftgo.Gateway");
    public static readonly Deployable Cli = new("ftgo", "migration/Ftgo.Cli", "ftgo");

    /// <summary>The three processes with message handlers (and so with generated handler code).</summary>
    public static IReadOnlyList<Deployable> WithHandlers { get; } = [Legacy, Kitchen, Delivery];

    /// <summary>The checkout this code was built from: the first folder above the build output holding Ftgo.Strangler.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>The configuration the calling assembly was built in (Debug, Release): the deployables are taken from the same.</summary>
    public static string Configuration { get; } =
        Assembly.GetEntryAssembly()?.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
        ?? typeof(Deployable).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration
        ?? "Release";

    public string ProjectFolder => Path.Combine(RepositoryRoot, Project);

    public string EntryAssembly
    {
        get
        {
            var path = Path.Combine(ProjectFolder, "bin", Configuration, "net10.0", AssemblyName + ".dll");
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"{Name} is not built in {Configuration} ({path} is missing): build Ftgo.Strangler.sln -c {Configuration}.");
        }
    }

    public string OutputFolder => Path.GetDirectoryName(EntryAssembly)!;

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ftgo.Strangler.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException($"No Ftgo.Strangler.sln above {AppContext.BaseDirectory}.");
    }
}
