using Ftgo.Testing;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Ftgo.Hosting.Auth;
using Ftgo.Stages;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Wolverine;
using Wolverine.Runtime;

namespace Ftgo.Contract.Tests.Infrastructure;

/// <summary>
/// One FTGO process — the monolith, Kitchen or Delivery, named by a type of its assembly — hosted whole
/// and <b>alone</b> on a fresh embedded bus (its own SQLite file): what it sends to the other processes
/// stays in their queue tables, where a producer test reads it as it went on the wire, and what it
/// handles is fed to it by a consumer test. The route groups are at <c>rampdown</c>, so the monolith
/// tells the new services of every order and takes their events.
/// </summary>
public sealed class ProcessHost<TEntry> : WebApplicationFactory<TEntry>
    where TEntry : class
{
    /// <summary>The gateway's keys: the services verify with their public set.</summary>
    private static readonly TestServiceKeys Keys = new();

    private readonly string _folder = Directory.CreateTempSubdirectory("ftgo-contract-").FullName;

    private ProcessHost()
    {
    }

    public string DatabaseFile => Path.Combine(_folder, "ftgo.db");

    /// <summary>A client of the process: the demo session on the monolith, a service token on the services.</summary>
    public HttpClient Client { get; private set; } = null!;

    /// <summary>The message serializer the process's bus uses (what writes and reads the wire).</summary>
    public Wolverine.Runtime.Serialization.IMessageSerializer Serializer =>
        Services.GetRequiredService<IWolverineRuntime>().Options.DefaultSerializer;

    public static async Task<ProcessHost<TEntry>> StartAsync(MigrationStage kitchen = MigrationStage.RampDown,
        MigrationStage delivery = MigrationStage.RampDown)
    {
        var host = new ProcessHost<TEntry>();
        await FlagsFile.WriteAsync(Path.Combine(host._folder, "flags.json"), new Dictionary<string, GroupFlags>
        {
            ["kitchen"] = new() { Stage = kitchen },
            ["delivery"] = new() { Stage = delivery },
        });
        host.Client = host.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true });
        if (typeof(TEntry).Assembly == typeof(Ftgo.Legacy.LegacyOptions).Assembly)
        {
            (await host.Client.PostAsJsonAsync("/login", new { username = "demo", password = "demo" })).EnsureSuccessStatusCode();
        }
        else
        {
            // The service's own name is the audience it accepts.
            var service = typeof(TEntry).Assembly.GetName().Name!.Contains("Kitchen", StringComparison.Ordinal) ? "kitchen" : "delivery";
            host.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Keys.Issue(service));
        }
        return host;
    }

    /// <summary>Reads a sample with the process's own serializer, as its listener would read it off the wire.</summary>
    public object Read(Type contract, string json) =>
        Serializer.ReadFromData(contract, new Envelope { Data = System.Text.Encoding.UTF8.GetBytes(json) });

    /// <summary>Runs the process's real handler of <paramref name="message"/> (its middleware and transaction included).</summary>
    public Task HandleAsync(object message) => Services.GetRequiredService<IMessageBus>().InvokeAsync(message);

    protected override IHost CreateHost(IHostBuilder builder)
    {
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Ftgo:Storage"] = "sqlite",
            ["Ftgo:Bus"] = "local",
            ["Ftgo:DataFolder"] = _folder,
            ["Ftgo:Flags:File"] = Path.Combine(_folder, "flags.json"),
            ["Ftgo:Auth:Keys"] = Keys.KeySetFile,
            ["Ftgo:Legacy:SeedDemoUser"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
            ["Logging:LogLevel:Microsoft.AspNetCore"] = "Error",
            ["Logging:LogLevel:Microsoft.EntityFrameworkCore"] = "Critical",
            ["Logging:LogLevel:Wolverine"] = "Critical",
            ["Logging:LogLevel:Ftgo"] = "Error",
        }));
        return base.CreateHost(builder);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder) => builder.UseEnvironment("Testing");

    public override async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        await base.DisposeAsync();
        SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by the host shutting down; the OS cleans the temp folder.
        }
    }
}
