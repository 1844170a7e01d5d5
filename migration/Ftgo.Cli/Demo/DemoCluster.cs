using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;

namespace Ftgo.Cli.Demo;

/// <summary>
/// The five processes of the dual-running demo — the monolith, Kitchen, Delivery, the gateway and
/// CDC — and the settings they share: one data folder (flags file, signing key, embedded database),
/// the storage, the bus and the CDC transport of the chosen profile, the admin token.
/// </summary>
internal sealed class DemoCluster : IAsyncDisposable
{
    /// <summary>The keys passed through to every child on the postgres profile.</summary>
    private static readonly string[] RealEngineKeys =
    [
        "ConnectionStrings:Legacy", "ConnectionStrings:Kitchen", "ConnectionStrings:Delivery", "ConnectionStrings:RabbitMq",
        "Ftgo:Kafka:BootstrapServers", "Ftgo:Cdc:Source", "Ftgo:Cdc:Transport", "Ftgo:Cdc:Slot", "Ftgo:Cdc:Publication",
        "Ftgo:Cdc:TopicPrefix", "ConnectionStrings:Control", "Ftgo:Flags:Store",
    ];

    private readonly List<ServiceProcess> _all = [];

    private DemoCluster(DemoOptions options, DemoServices services, string dataFolder, IReadOnlyDictionary<string, string> settings, string adminToken)
    {
        Services = services;
        Options = options;
        DataFolder = dataFolder;
        Settings = settings;
        AdminToken = adminToken;
        // Every process serves Prometheus' format at /metrics; each CDC runner on a port of its own (base + 400 + i).
        var shared = settings.Select(s => $"--{s.Key}={s.Value}").Append($"--{Hosting.Telemetry.TelemetryOptions.Section}:Prometheus=true").ToList();
        var logs = Path.Combine(dataFolder, "logs");
        // The first instance seeds the monolith; the others share its database.
        Monoliths = Enumerable.Range(0, options.Monoliths).Select(i => Service(services, options.Monoliths == 1 ? "legacy" : $"legacy-{i + 1}",
            options.BasePort + 100 + i,
            i == 0 ? shared.Concat(["--seed", $"{options.SeedOrders}", "--seed-value", "42", "--Ftgo:Legacy:SeedDemoUser=true"]) : shared, logs,
            assemblyOf: "legacy")).ToList();
        Kitchens = Nodes("kitchen", 200);
        Deliveries = Nodes("delivery", 300);
        // Replicas on the base port and the ones after it, behind no balancer: the demo's clients spread over them.
        // Each replica sends to every node of each backend, in turn, passing over a dead one.
        GatewayBackends = new Dictionary<string, string>
        {
            ["Ftgo:Gateway:Legacy"] = string.Join(",", MonolithUrls),
            ["Ftgo:Gateway:Kitchen"] = NodeUrls(200),
            ["Ftgo:Gateway:Delivery"] = NodeUrls(300),
        };
        Gateways = Enumerable.Range(0, options.Gateways).Select(i => Service(services, options.Gateways == 1 ? "gateway" : $"gateway-{i + 1}",
            options.BasePort + i, shared.Concat(GatewayBackends.Select(b => $"--{b.Key}={b.Value}")).Append($"--Ftgo:Gateway:AdminToken={adminToken}"),
            logs, assemblyOf: "gateway")).ToList();
        var (cli, prefix) = DemoServices.Self();
        CdcRunners = Enumerable.Range(0, options.CdcRunners).Select(i => new ServiceProcess(i == 0 ? "cdc" : $"cdc-{i + 1}", cli,
            [.. prefix, "cdc", "run", "--status-every", "5", .. shared, $"--{Hosting.Telemetry.TelemetryOptions.Section}:MetricsPort={CdcMetricsPort(i)}",
                $"--{Hosting.Telemetry.TelemetryOptions.Section}:MetricsHost=127.0.0.1"], Directory.GetCurrentDirectory(),
            Path.Combine(logs, i == 0 ? "cdc.log" : $"cdc-{i + 1}.log"), health: null)).ToList();
        _all.AddRange([.. Monoliths, .. Kitchens, .. Deliveries, .. Gateways, .. CdcRunners]);

        string NodeUrls(int offset) => string.Join(",", Enumerable.Range(0, options.ServiceNodes).Select(i => Url(options.BasePort + offset + i)));

        // Kitchen or Delivery nodes on their port and the ones after it (several with --ha).
        List<ServiceProcess> Nodes(string service, int offset) => Enumerable.Range(0, options.ServiceNodes)
            .Select(i => Service(services, options.ServiceNodes == 1 ? service : $"{service}-{i + 1}", options.BasePort + offset + i, shared, logs,
                assemblyOf: service)).ToList();
        Broker = options.BrokerRestart is { } restart
            ? new BrokerRestart(restart, new[] { "ConnectionStrings:Legacy", "ConnectionStrings:Kitchen", "ConnectionStrings:Delivery" }.Select(k => settings[k]))
            : null;
    }

    public DemoOptions Options { get; }

    /// <summary>Where the i-th CDC runner serves its metrics (the web processes serve theirs at their own /metrics).</summary>
    public int CdcMetricsPort(int i) => Options.BasePort + 400 + i;

    /// <summary>Where the four services' assemblies were found.</summary>
    public DemoServices Services { get; }

    public string DataFolder { get; }

    /// <summary>The configuration every child gets (also what the runbooks' verify and backfill read).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; }

    public string AdminToken { get; }

    /// <summary>The gateway's backends (<c>Ftgo:Gateway:Legacy|Kitchen|Delivery</c>, every node of each, comma-separated).</summary>
    public IReadOnlyDictionary<string, string> GatewayBackends { get; }

    /// <summary>The first monolith instance: the one that seeds, and the one the monolith fault kills.</summary>
    public ServiceProcess Legacy => Monoliths[0];

    /// <summary>Every monolith instance (<c>--monoliths N</c>), on the monolith's port and the ones after it.</summary>
    public IReadOnlyList<ServiceProcess> Monoliths { get; }

    public IReadOnlyList<Uri> MonolithUrls => Enumerable.Range(0, Options.Monoliths).Select(i => Url(Options.BasePort + 100 + i)).ToList();

    /// <summary>The first Kitchen node (the only one without <c>--ha</c>).</summary>
    public ServiceProcess Kitchen => Kitchens[0];

    /// <summary>The first Delivery node: the one the Delivery fault kills.</summary>
    public ServiceProcess Delivery => Deliveries[0];

    public IReadOnlyList<ServiceProcess> Kitchens { get; }

    public IReadOnlyList<ServiceProcess> Deliveries { get; }

    /// <summary>The first gateway replica: the one the demo's admin calls go to.</summary>
    public ServiceProcess Gateway => Gateways[0];

    /// <summary>Every gateway replica (<c>--gateways N</c>), on the base port and the ports after it.</summary>
    public IReadOnlyList<ServiceProcess> Gateways { get; }

    /// <summary>The replicas' addresses, which the clients spread their requests over.</summary>
    public IReadOnlyList<Uri> GatewayUrls => Enumerable.Range(0, Options.Gateways).Select(i => Url(Options.BasePort + i)).ToList();

    /// <summary>The first CDC runner (the only one without <c>--ha</c>).</summary>
    public ServiceProcess Cdc => CdcRunners[0];

    /// <summary>Every CDC runner: one leads, the others stand by.</summary>
    public IReadOnlyList<ServiceProcess> CdcRunners { get; }

    /// <summary>Every monolith instance and Kitchen and Delivery node: what has a bus.</summary>
    public IEnumerable<ServiceProcess> BusServices => Monoliths.Concat(Kitchens).Concat(Deliveries);

    /// <summary>How to restart the broker (postgres profile, <c>--restart-broker</c>); null: it is not restarted.</summary>
    public BrokerRestart? Broker { get; }

    public Uri GatewayUrl => Url(Options.BasePort);

    public IReadOnlyList<ServiceProcess> All => _all;

    /// <summary>Checks the profile's settings and prepares the data folder (emptied on the embedded profile).</summary>
    public static DemoCluster Create(DemoOptions options, IConfiguration configuration)
    {
        var services = DemoServices.Locate(options.ServicesFolder ?? configuration[DemoServices.FolderKey]);
        var dataFolder = Path.GetFullPath(options.DataFolder);
        var settings = new Dictionary<string, string> { ["Ftgo:DataFolder"] = dataFolder };
        if (options.Profile == DemoOptions.Embedded)
        {
            if (Directory.Exists(dataFolder))
            {
                Directory.Delete(dataFolder, recursive: true);
            }
            settings["Ftgo:Storage"] = "sqlite";
            settings["Ftgo:Bus"] = "local";
        }
        else
        {
            var missing = new[] { "ConnectionStrings:Legacy", "ConnectionStrings:RabbitMq" }
                .Where(k => string.IsNullOrWhiteSpace(configuration[k])).ToList();
            if (missing.Count > 0)
            {
                throw new ArgumentException(
                    $"--profile postgres needs {string.Join(" and ", missing)} (e.g. --ConnectionStrings:Legacy='Host=…;Database=ftgo;Username=…' " +
                    "--ConnectionStrings:RabbitMq=amqp://guest:guest@host:5672/, and --Ftgo:Kafka:BootstrapServers=host:9092 to carry CDC through Kafka).");
            }
            settings["Ftgo:Storage"] = "postgres";
            settings["Ftgo:Bus"] = "rabbitmq";
            foreach (var key in RealEngineKeys)
            {
                if (configuration[key] is { Length: > 0 } value)
                {
                    settings[key] = value;
                }
            }
            // One database, a schema per side, unless the team gave each side its own.
            settings.TryAdd("ConnectionStrings:Kitchen", settings["ConnectionStrings:Legacy"]);
            settings.TryAdd("ConnectionStrings:Delivery", settings["ConnectionStrings:Legacy"]);
            // The flags in the control store, which every gateway replica and the monolith share (schema control).
            settings.TryAdd("Ftgo:Flags:Store", "postgres");
            settings.TryAdd("ConnectionStrings:Control", settings["ConnectionStrings:Legacy"]);
            if (settings.ContainsKey("Ftgo:Kafka:BootstrapServers"))
            {
                settings.TryAdd("Ftgo:Cdc:Transport", "kafka");
            }
            // A replication slot's name is unique in the whole cluster, not per database: name the
            // demo's after its database, so it never takes over (or trips on) another migration's slot.
            var database = new Npgsql.NpgsqlConnectionStringBuilder(settings["ConnectionStrings:Legacy"]).Database ?? "postgres";
            settings.TryAdd("Ftgo:Cdc:Slot", "ftgo_demo_" + new string(database.ToLowerInvariant().Select(c => char.IsAsciiLetterOrDigit(c) ? c : '_').ToArray()));
        }
        Directory.CreateDirectory(dataFolder);
        var token = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        return new DemoCluster(options, services, dataFolder, settings, token);
    }

    /// <summary>
    /// The configuration the in-process parts of the demo (runbooks, verify, through-api verify, report) read: the gateway's
    /// own <c>appsettings.json</c> (its groups' shadow rules), the children's settings, the gateway's backends, address and token.
    /// </summary>
    public IConfiguration Configuration() => new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(Path.GetDirectoryName(Services.Assembly("gateway"))!, "appsettings.json"), optional: true)
        .AddInMemoryCollection(Settings.Concat(GatewayBackends).Select(s => KeyValuePair.Create(s.Key, (string?)s.Value)).Concat([
            KeyValuePair.Create("Ftgo:Gateway:Url", (string?)GatewayUrl.ToString().TrimEnd('/')),
            KeyValuePair.Create("Ftgo:Gateway:AdminToken", (string?)AdminToken),
        ]))
        .Build();

    private static Uri Url(int port) => new($"http://127.0.0.1:{port}");

    private static ServiceProcess Service(DemoServices services, string name, int port, IEnumerable<string> arguments, string logs,
        string? assemblyOf = null)
    {
        var assembly = services.Assembly(assemblyOf ?? name);
        return new ServiceProcess(name, DemoServices.DotnetHost(), [assembly, "--urls", Url(port).ToString(), .. arguments],
            Path.GetDirectoryName(assembly)!, Path.Combine(logs, $"{name}.log"), new Uri(Url(port), "/healthz"));
    }

    public async ValueTask DisposeAsync()
    {
        // The gateway first, so that no client request reaches a half-stopped backend.
        foreach (var process in _all.AsEnumerable().Reverse())
        {
            await process.DisposeAsync();
        }
    }
}
