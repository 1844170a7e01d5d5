using Ftgo.Stages;

namespace Ftgo.Testing.Processes;

/// <summary>
/// The deployables run as <c>ftgo demo</c> runs them, from their build output: the monolith, Kitchen,
/// Delivery, the gateway and <c>ftgo cdc run</c> on one data folder (the embedded default: one SQLite
/// file, the database bus), each on its own loopback port, in the .NET environment given. Both route
/// groups start at <paramref name="stage"/>; at <c>rampdown</c> every order's kitchen and delivery
/// steps go through the new services and their events back to the monolith, so all three process's
/// message handlers run. <paramref name="settings"/> put the same processes on servers instead
/// (<c>Ftgo:Storage=postgres</c>, <c>Ftgo:Bus=rabbitmq</c> and their connection strings) or add settings.
/// </summary>
public sealed class EmbeddedCluster(string environment, MigrationStage stage = MigrationStage.RampDown,
    IReadOnlyDictionary<string, string>? settings = null) : IAsyncDisposable
{
    /// <summary>The gateway's admin token.</summary>
    public const string AdminToken = "embedded-cluster-admin";
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

    /// <summary>The <c>ftgo cdc run</c> started last, if any.</summary>
    public ChildProcess? Cdc { get; private set; }

    /// <summary>Settings for <c>ftgo cdc run</c> alone, after the shared ones (e.g. the port it serves its metrics on).</summary>
    public IReadOnlyDictionary<string, string> CdcSettings { get; init; } = new Dictionary<string, string>();

    /// <summary>Starts <c>ftgo cdc run</c> on the cluster's database.</summary>
    public ChildProcess StartCdc() => Cdc =
        Track(ChildProcess.StartDotnet("cdc", Deployable.Cli.EntryAssembly,
            ["cdc", "run", "--status-every", "5", .. Shared(), .. CdcSettings.Select(s => $"--{s.Key}={s.Value}")],
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

    private string[] Shared()
    {
        var shared = new Dictionary<string, string> { ["Ftgo:DataFolder"] = DataFolder, ["Ftgo:Storage"] = "sqlite", ["Ftgo:Bus"] = "local" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
        {
            shared[key] = value;
        }
        return [.. shared.Select(s => $"--{s.Key}={s.Value}")];
    }

    /// <summary>
    /// Starts every deployable at the flags written so far: the services (which create their schemas),
    /// CDC (until <paramref name="cdcStreaming"/> says it captures the monolith's writes; by default the
    /// SQLite triggers are in place), then the gateway.
    /// </summary>
    public async Task StartAllAsync(Func<Task<bool>>? cdcStreaming = null)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var deployable in new[] { Deployable.Legacy, Deployable.Kitchen, Deployable.Delivery })
        {
            await StartHealthyAsync(deployable, http);
        }
        await StartCdc().WaitReadyAsync(cdcStreaming ?? SqliteTriggersInPlaceAsync, TimeSpan.FromSeconds(60));
        await StartHealthyAsync(Deployable.Gateway, http);
    }

    /// <summary>
    /// Starts a web deployable and waits until it answers its health check; on another port when the one chosen was
    /// taken meanwhile (a port is free only until somebody binds it, and tests run side by side).
    /// </summary>
    private async Task StartHealthyAsync(Deployable deployable, HttpClient http)
    {
        for (var attempt = 1; ; attempt++)
        {
            var process = Start(deployable);
            try
            {
                await process.WaitHealthyAsync(http, new Uri(Url(deployable), "/healthz"), TimeSpan.FromSeconds(90));
                return;
            }
            catch (Xunit.Sdk.XunitException) when (attempt < 3 && process.Exited
                                                   && process.Tail(30).Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                _started.Remove(process);
                await process.DisposeAsync();
                _ports[deployable] = ChildProcess.FreePort();
            }
        }
    }

    private async Task<bool> SqliteTriggersInPlaceAsync()
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={DatabaseFile}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'ftgo_cdc_%'";
        return Convert.ToInt64(await command.ExecuteScalarAsync()) > 0;
    }

    /// <summary>
    /// Both route groups at <paramref name="to"/> (and <paramref name="percent"/> at live), through the flags file; with
    /// <paramref name="autoRollback"/> false, the gateway's auto-rollback off for both (a test that drives every stage itself).
    /// </summary>
    public Task WriteFlagsAsync(MigrationStage to, double percent = 0, bool autoRollback = true)
    {
        var rollback = autoRollback ? RollbackBounds.Default : RollbackBounds.Default with { Enabled = false };
        return FlagsFile.WriteAsync(Path.Combine(DataFolder, FlagsFile.DefaultFileName), new Dictionary<string, GroupFlags>
        {
            ["kitchen"] = new() { Stage = to, Percent = percent, Rollback = rollback },
            ["delivery"] = new() { Stage = to, Percent = percent, Rollback = rollback },
        });
    }

    /// <summary>The flags file with each group's flags as given (more than a stage and a percent: partitions, for one).</summary>
    public Task WriteFlagsAsync(IReadOnlyDictionary<string, GroupFlags> groups) =>
        FlagsFile.WriteAsync(Path.Combine(DataFolder, FlagsFile.DefaultFileName), groups);

    /// <summary>
    /// Waits until <paramref name="deployables"/> run on flags whose summary (the <c>X-Ftgo-Flags</c> of their
    /// <c>/healthz</c>) is <paramref name="summary"/>, e.g. <c>delivery=live 50%, kitchen=live 50%</c>.
    /// </summary>
    public async Task WaitForFlagsAsync(string summary, params Deployable[] deployables)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var deployable in deployables)
        {
            await Eventually.UntilAsync(async () =>
            {
                using var response = await http.GetAsync(new Uri(Url(deployable), "/healthz"));
                return response.Headers.TryGetValues("X-Ftgo-Flags", out var values) ? string.Join(",", values) : "";
            }, seen => seen == summary, $"{deployable.Name} to run on flags '{summary}'", TimeSpan.FromSeconds(30));
        }
    }

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
