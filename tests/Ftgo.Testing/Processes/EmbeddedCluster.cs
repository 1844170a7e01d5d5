using Ftgo.Stages;

namespace Ftgo.Testing.Processes;

/// <summary>
/// The deployables run as <c>ftgo demo</c> runs them, from their build output: the monolith, Kitchen,
/// Delivery, the gateway and <c>ftgo cdc run</c> on one data folder (the embedded default: one SQLite
/// file, the database bus), each on its own loopback port, in the .NET environment given. Both route
/// groups start at <paramref name="stage"/>; at <c>rampdown</c> every order's kitchen and delivery
/// steps go through the new services and their events back to the monolith, so all three process's
/// message handlers run.
/// </summary>
public sealed class EmbeddedCluster(string environment, MigrationStage stage = MigrationStage.RampDown) : IAsyncDisposable
{
    private const string AdminToken = "embedded-cluster-admin";
    private readonly List<ChildProcess> _started = [];
    private readonly Dictionary<Deployable, int> _ports = new()
    {
        [Deployable.Legacy] = ChildProcess.FreePort(),
        [Deployable.Kitchen] = ChildProcess.FreePort(),
        [Deployable.Delivery] = ChildProcess.FreePort(),
        [Deployable.Gateway] = ChildProcess.FreePort(),
    };

    public string Environment => environment;

    public string DataFolder { get; } = Directory.CreateTempSubdirectory("ftgo-cluster-").FullName;

    /// <summary>The embedded database every process shares.</summary>
    public string DatabaseFile => Path.Combine(DataFolder, "ftgo.db");

    public Uri Url(Deployable deployable) => new($"http://127.0.0.1:{_ports[deployable]}");

    public IReadOnlyList<ChildProcess> Started => _started;

    /// <summary>Writes the flags file; call before the first start.</summary>
    public Task WriteFlagsAsync() => FlagsFile.WriteAsync(Path.Combine(DataFolder, FlagsFile.DefaultFileName),
        new Dictionary<string, GroupFlags> { ["kitchen"] = new() { Stage = stage }, ["delivery"] = new() { Stage = stage } });

    /// <summary>Starts a web deployable (legacy, kitchen, delivery, gateway) and returns it without waiting.</summary>
    public ChildProcess Start(Deployable deployable)
    {
        List<string> arguments = ["--urls", Url(deployable).ToString(), .. Shared()];
        if (deployable == Deployable.Legacy)
        {
            arguments.Add("--Ftgo:Legacy:SeedDemoUser=true");
        }
        if (deployable == Deployable.Gateway)
        {
            arguments.AddRange([
                $"--Ftgo:Gateway:Legacy={Url(Deployable.Legacy)}", $"--Ftgo:Gateway:Kitchen={Url(Deployable.Kitchen)}",
                $"--Ftgo:Gateway:Delivery={Url(Deployable.Delivery)}", $"--Ftgo:Gateway:AdminToken={AdminToken}",
            ]);
        }
        return Track(ChildProcess.StartDotnet(deployable.Name, deployable.EntryAssembly, arguments, deployable.OutputFolder, Variables()));
    }

    /// <summary>Starts <c>ftgo cdc run</c> on the cluster's database.</summary>
    public ChildProcess StartCdc() =>
        Track(ChildProcess.StartDotnet("cdc", Deployable.Cli.EntryAssembly, ["cdc", "run", "--status-every", "5", .. Shared()],
            Deployable.Cli.OutputFolder, Variables()));

    public async ValueTask DisposeAsync()
    {
        // The gateway and CDC first, then the services, as the demo stops them.
        foreach (var process in _started.AsEnumerable().Reverse())
        {
            await process.DisposeAsync();
        }
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // a file still held: the OS cleans the temp folder
        }
    }

    private ChildProcess Track(ChildProcess process)
    {
        _started.Add(process);
        return process;
    }

    private string[] Shared() => [$"--Ftgo:DataFolder={DataFolder}", "--Ftgo:Storage=sqlite", "--Ftgo:Bus=local"];

    private Dictionary<string, string?> Variables() => new()
    {
        ["ASPNETCORE_ENVIRONMENT"] = environment,
        ["DOTNET_ENVIRONMENT"] = environment,
        // A caller's own servers are not the cluster's business.
        ["ConnectionStrings__Legacy"] = null,
        ["ConnectionStrings__Kitchen"] = null,
        ["ConnectionStrings__Delivery"] = null,
        ["ConnectionStrings__RabbitMq"] = null,
    };
}
