namespace Ftgo.Testing.Processes;

/// <summary>
/// A deployable of the repository and where its build output is, so that a test or a benchmark runs
/// it as it ships: <c>dotnet &lt;project&gt;/bin/&lt;configuration&gt;/net10.0/&lt;assembly&gt;.dll</c> (root and
/// configuration as <see cref="ExternalProgram"/> finds them).
/// </summary>
public sealed record Deployable(string Name, string Project, string AssemblyName)
{
    public static readonly Deployable Legacy = new("legacy", "legacy/Ftgo.Legacy", "Ftgo.Legacy");
    public static readonly Deployable Kitchen = new("kitchen", "extracted/Ftgo.Kitchen", "Ftgo.Kitchen");
    public static readonly Deployable Delivery = new("delivery", "extracted/Ftgo.Delivery", "Ftgo.Delivery");
    public static readonly Deployable Gateway = new("gateway", "gateway/Ftgo.Gateway", "Ftgo.Gateway");
    public static readonly Deployable Cli = new("ftgo", "migration/Ftgo.Cli", "ftgo");

    /// <summary>The mock-cluster Kafka broker for tests (<see cref="KafkaMockProcess"/>).</summary>
    public static readonly Deployable KafkaMock = new("kafka-mock", "tests/Ftgo.KafkaMock", "ftgo-kafka-mock");

    /// <summary>The three processes with message handlers (and so with generated handler code).</summary>
    public static IReadOnlyList<Deployable> WithHandlers { get; } = [Legacy, Kitchen, Delivery];

    public string ProjectFolder => Path.Combine(ExternalProgram.RepositoryRoot, Project);

    public string EntryAssembly
    {
        get
        {
            var configuration = ExternalProgram.Configuration;
            var path = Path.Combine(ProjectFolder, "bin", configuration, "net10.0", AssemblyName + ".dll");
            return File.Exists(path)
                ? path
                : throw new InvalidOperationException($"{Name} is not built in {configuration} ({path} is missing): build Ftgo.Strangler.sln -c {configuration}.");
        }
    }

    public string OutputFolder => Path.GetDirectoryName(EntryAssembly)!;
}
