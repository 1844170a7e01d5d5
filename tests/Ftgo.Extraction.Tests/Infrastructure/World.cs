using Ftgo.Testing;
using System.Net.Http.Headers;
using Ftgo.Delivery;
using Ftgo.Hosting.Auth;
using Ftgo.Kitchen;
using Ftgo.Legacy;
using Ftgo.Messaging;
using Ftgo.Stages;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Ftgo.Extraction.Tests.Infrastructure;

/// <summary>
/// The three FTGO processes — the monolith, Kitchen, Delivery — each a whole host with its own
/// Wolverine runtime, sharing one bus and the flags file the monolith watches; clients as the
/// gateway would hold them (a legacy session, service tokens). One world per bus, shared by the
/// tests of its collection, which run one after another and each set the stages they need.
/// </summary>
public abstract class World : IAsyncLifetime
{
    /// <summary>The gateway's keys: the services verify with their public set (<c>Ftgo:Auth:Keys</c>).</summary>
    public static readonly TestServiceKeys Keys = new();

    private readonly List<IAsyncDisposable> _hosts = [];

    public string Folder { get; } = Directory.CreateTempSubdirectory("ftgo-extraction-").FullName;

    public string FlagsPath => Path.Combine(Folder, "flags.json");

    public ServiceHost<LegacyOptions> Legacy { get; private set; } = null!;
    public ServiceHost<KitchenOptions> Kitchen { get; private set; } = null!;
    public ServiceHost<DeliveryOptions> Delivery { get; private set; } = null!;

    /// <summary>The monolith, with the demo session.</summary>
    public HttpClient LegacyClient { get; private set; } = null!;

    /// <summary>The Kitchen service, with a service token.</summary>
    public HttpClient KitchenClient { get; private set; } = null!;

    /// <summary>The Delivery service, with a service token.</summary>
    public HttpClient DeliveryClient { get; private set; } = null!;

    /// <summary>The settings of the bus and stores: what differs between worlds.</summary>
    protected abstract Task<Dictionary<string, string?>> PrepareAsync();

    protected virtual Task CleanUpAsync() => Task.CompletedTask;

    /// <summary>Checks, once the hosts run, that the world is wired as it claims (a misread setting would silently use another bus).</summary>
    protected abstract Task VerifyAsync();

    /// <summary>Messages that ended in an error queue (with the reason), across the three processes.</summary>
    public abstract Task<IReadOnlyList<string>> DeadLettersAsync();

    public async Task InitializeAsync()
    {
        var settings = await PrepareAsync();
        settings["Ftgo:DataFolder"] = Folder;
        settings["Ftgo:Flags:File"] = FlagsPath;
        settings["Ftgo:Auth:Keys"] = Keys.KeySetFile;
        settings["Ftgo:Legacy:SeedDemoUser"] = "true";
        settings["Logging:LogLevel:Default"] = "Warning";
        settings["Logging:LogLevel:Microsoft.AspNetCore"] = "Error";
        // EF logs its probe of a not-yet-created migrations table as an error.
        settings["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Critical";
        // Handler retries are expected (a message overtaking the one it needs, two schedulings racing for a
        // courier); Wolverine logs each under the message type's name. What matters is asserted: no
        // message ends in an error queue (DeadLettersAsync, with each one's reason).
        settings["Logging:LogLevel:Wolverine"] = "Critical";
        settings["Logging:LogLevel:Ftgo.Glue.Contracts"] = "Critical";
        settings["Logging:LogLevel:Ftgo.Legacy"] = "Error";

        // The monolith first: on one shared database its migration runs alone.
        Legacy = Track(new ServiceHost<LegacyOptions>(settings).Start());
        Kitchen = Track(new ServiceHost<KitchenOptions>(settings).Start());
        Delivery = Track(new ServiceHost<DeliveryOptions>(settings).Start());

        LegacyClient = Legacy.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        await LegacyClient.PostOkAsync("/login", new { username = "demo", password = "demo" });
        KitchenClient = WithToken(Kitchen.CreateClient(), "kitchen");
        DeliveryClient = WithToken(Delivery.CreateClient(), "delivery");
        await VerifyAsync();
    }

    /// <summary>Writes the flags file (the groups named; the others at off) and has the monolith read it now.</summary>
    public async Task SetStagesAsync(params (string Group, MigrationStage Stage, double Percent)[] groups)
    {
        await WriteStagesAsync(groups);
        await Legacy.Services.GetRequiredService<IMigrationFlags>().RefreshAsync();
    }

    /// <summary>Writes the flags file only, as an operator, the admin API or the CLI does: the monolith's watcher picks it up.</summary>
    public Task WriteStagesAsync(params (string Group, MigrationStage Stage, double Percent)[] groups) =>
        FlagsFile.WriteAsync(FlagsPath, groups.ToDictionary(g => g.Group, g => new GroupFlags { Stage = g.Stage, Percent = g.Percent }));

    /// <summary>The stage of a group as the monolith sees it now.</summary>
    public GroupFlags MonolithSees(string group) => Legacy.Services.GetRequiredService<IMigrationFlags>().Current.Group(group);

    public static (string, MigrationStage, double) KitchenAt(MigrationStage stage, double percent = 0) => ("kitchen", stage, percent);

    public static (string, MigrationStage, double) DeliveryAt(MigrationStage stage, double percent = 0) => ("delivery", stage, percent);

    public async Task DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(_hosts))
        {
            await host.DisposeAsync();
        }
        await CleanUpAsync();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a pooled connection; the OS cleans the temp folder.
        }
    }

    private ServiceHost<T> Track<T>(ServiceHost<T> host) where T : class
    {
        _hosts.Add(host);
        return host;
    }

    /// <summary>The client with a token for <paramref name="service"/>, as the gateway would forward it.</summary>
    private static HttpClient WithToken(HttpClient client, string service)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Keys.Issue(service));
        return client;
    }

    /// <summary>The queues of the FTGO bus and the error queue (RabbitMQ).</summary>
    protected static readonly string[] BusQueues =
    [
        Ftgo.Messaging.Routing.Queues.Legacy, Ftgo.Messaging.Routing.Queues.Kitchen, Ftgo.Messaging.Routing.Queues.Delivery,
        FtgoMessagingExtensions.RabbitErrorQueue,
    ];
}
