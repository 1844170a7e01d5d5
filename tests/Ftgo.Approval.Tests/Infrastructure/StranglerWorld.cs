using Ftgo.Testing;
using System.Net;
using System.Net.Http.Headers;
using Ftgo.Delivery;
using Ftgo.Gateway.Routing;
using Ftgo.Hosting.Auth;
using Ftgo.Kitchen;
using Ftgo.Legacy;
using Ftgo.Migration.Cdc;
using Ftgo.Migration.Running;
using Ftgo.Stages;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Ftgo.Approval.Tests.Infrastructure;

/// <summary>
/// The whole strangler on the embedded default, fresh for one run: the monolith, Kitchen and Delivery
/// sharing one SQLite file (their tables and Wolverine's queues, which is what carries the messages
/// between them), CDC from the monolith's tables to the new schemas, the gateway in front of them, and one flags file that the gateway and the monolith
/// read, written before they start with the stages of the run. Nothing is carried over from another
/// run, so both runs of a scenario start from the same empty system.
/// </summary>
public sealed class StranglerWorld : IAsyncDisposable
{
    /// <summary>The gateway's signing keys; the services verify with their public set.</summary>
    private static readonly TestServiceKeys Keys = new();

    private readonly List<IAsyncDisposable> _hosts = [];
    private readonly CancellationTokenSource _stopCdc = new();
    private Task _cdc = Task.CompletedTask;
    private readonly string _folder = Directory.CreateTempSubdirectory("ftgo-approval-").FullName;

    private StranglerWorld(IReadOnlyDictionary<string, MigrationStage> stages, double percent)
    {
        Stages = stages;
        Percent = percent;
    }

    /// <summary>The percent of cohorts on the new side for the groups at <c>live</c>.</summary>
    public double Percent { get; }

    /// <summary>The stage of each route group in this run (the others are at <c>off</c>).</summary>
    public IReadOnlyDictionary<string, MigrationStage> Stages { get; }

    /// <summary>The gateway, as a client reaches it: no cookies kept, no redirects followed.</summary>
    public HttpClient Gateway { get; private set; } = null!;

    /// <summary>The Kitchen service straight, with a service token (to wait until it has heard of an order).</summary>
    public HttpClient Kitchen { get; private set; } = null!;

    /// <summary>The Delivery service straight, with a service token.</summary>
    public HttpClient Delivery { get; private set; } = null!;

    private string DatabaseFile => Path.Combine(_folder, "ftgo.db");

    /// <summary>Starts the four processes with the route groups at the given stages.</summary>
    public static async Task<StranglerWorld> StartAsync(IReadOnlyDictionary<string, MigrationStage> stages, double percent = 0)
    {
        var world = new StranglerWorld(stages, percent);
        try
        {
            await world.StartHostsAsync();
        }
        catch
        {
            await world.DisposeAsync();
            throw;
        }
        return world;
    }

    /// <summary>Whether the new side answers <paramref name="group"/>'s routes in this run.</summary>
    public bool OnNewSide(string group) => Stages.TryGetValue(group, out var stage) && stage >= MigrationStage.RampDown;

    /// <summary>Whether either side may answer <paramref name="group"/>'s routes in this run (<c>live</c>: per cohort).</summary>
    public bool Split(string group) => Stages.TryGetValue(group, out var stage) && stage == MigrationStage.Live;

    private async Task StartHostsAsync()
    {
        var flags = Path.Combine(_folder, "flags.json");
        await FlagsFile.WriteAsync(flags, Stages.ToDictionary(s => s.Key, s => new GroupFlags { Stage = s.Value, Percent = s.Value == MigrationStage.Live ? Percent : 0 }));
        var settings = new Dictionary<string, string?>
        {
            ["Ftgo:Storage"] = "sqlite",
            ["Ftgo:Bus"] = "local",
            ["Ftgo:DataFolder"] = _folder,
            ["Ftgo:Flags:File"] = flags,
            ["Ftgo:Auth:KeyFolder"] = Keys.KeyFolder,
            ["Ftgo:Auth:Keys"] = Keys.KeySetFile,
            ["Ftgo:Legacy:SeedDemoUser"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
            // EF logs its probe of a not-yet-created migrations table as an error.
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Critical",
            // Handler retries are expected (an event overtaking the one it needs); Wolverine logs each.
            ["Logging:LogLevel:Wolverine"] = "Critical",
            ["Logging:LogLevel:Ftgo"] = "Error",
        };

        // The monolith first: on the one shared database its migration runs alone.
        var legacy = Track(new ServiceHost<LegacyOptions>(settings, kestrel: true).Start());
        var kitchen = Track(new ServiceHost<KitchenOptions>(settings, kestrel: true).Start());
        var delivery = Track(new ServiceHost<DeliveryOptions>(settings, kestrel: true).Start());
        var gatewaySettings = new Dictionary<string, string?>(settings)
        {
            ["Ftgo:Gateway:Legacy"] = legacy.BaseAddress.ToString(),
            ["Ftgo:Gateway:Kitchen"] = kitchen.BaseAddress.ToString(),
            ["Ftgo:Gateway:Delivery"] = delivery.BaseAddress.ToString(),
            ["Ftgo:Gateway:AdminToken"] = "approval-admin-token",
            // Hosted in this test process beside the rest: see GatewayApp in Ftgo.Gateway.Tests.
            ["Ftgo:Gateway:InlineSocketCompletions"] = "false",
        };
        var gateway = Track(new ServiceHost<GatewayOptions>(gatewaySettings, kestrel: true).Start());

        // CDC, in process, as `ftgo cdc run` runs it: the monolith's rows (couriers too) reach the new schemas,
        // which a group at live needs for the cohorts the monolith keeps answering.
        var cdc = CdcSettings.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        _cdc = Task.Run(() => CdcRunner.RunAsync(cdc, new CdcStatistics(), _stopCdc.Token));
        await Eventually.UntilAsync(async () => _cdc.IsFaulted ? throw _cdc.Exception! : await CdcCapturesAsync(),
            "CDC to capture the monolith's tables");

        Gateway = Client(gateway.BaseAddress);
        Kitchen = WithServiceToken(Client(kitchen.BaseAddress), "kitchen");
        Delivery = WithServiceToken(Client(delivery.BaseAddress), "delivery");
    }

    /// <summary>Messages that ended in the error queue, with their reason (the embedded bus keeps them in a table).</summary>
    public Task<IReadOnlyList<string>> DeadLettersAsync() => DeadLetters.OnSqliteAsync(DatabaseFile);

    /// <summary>The error queue as a wait's timeout reports it: what went wrong on the bus is often why the wait failed.</summary>
    public async Task<string> ErrorQueueAsync() => $"error queue: [{string.Join("; ", await DeadLettersAsync())}]";

    private async Task<bool> CdcCapturesAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabaseFile}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'ftgo_cdc_%'";
        return Convert.ToInt64(await command.ExecuteScalarAsync()) > 0;
    }

    public async ValueTask DisposeAsync()
    {
        await _stopCdc.CancelAsync();
        try
        {
            await _cdc;
        }
        catch (OperationCanceledException)
        {
        }
        Gateway?.Dispose();
        Kitchen?.Dispose();
        Delivery?.Dispose();
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            await host.DisposeAsync();
        }
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a host shutting down; the OS cleans the temp folder.
        }
    }

    private ServiceHost<T> Track<T>(ServiceHost<T> host) where T : class
    {
        _hosts.Add(host);
        return host;
    }

    private static HttpClient Client(Uri address) =>
        new(new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false, UseProxy = false })
        {
            BaseAddress = address,
            Timeout = TimeSpan.FromSeconds(30),
        };

    private static HttpClient WithServiceToken(HttpClient client, string service)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Keys.Issue(service));
        return client;
    }
}
