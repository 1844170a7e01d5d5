extern alias legacy;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Ftgo.Gateway.Tests.Infrastructure;

/// <summary>The real monolith on a real loopback port, with SQLite in the given data folder.</summary>
public sealed class LegacyApp : WebApplicationFactory<legacy::Program>
{
    private readonly string _dataFolder;

    public LegacyApp(string dataFolder)
    {
        _dataFolder = dataFolder;
        UseKestrel(k => Loopback.ListenOnAnyFreePort(k));
    }

    public Uri BaseAddress { get; private set; } = null!;

    public LegacyApp Start()
    {
        Task.Run(StartServer).GetAwaiter().GetResult(); // on the pool: xunit's context has a thread per core, all blocked alike would deadlock
        BaseAddress = Loopback.AddressOf(Services);
        return this;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Development");
        builder.UseSetting("Ftgo:DataFolder", _dataFolder);
        builder.UseSetting("Ftgo:Legacy:SeedDemoUser", "true");
        builder.UseSetting("Logging:LogLevel:Default", "Warning");
    }
}

/// <summary>
/// Two instances of the monolith over one database and one key ring, started once for the whole test
/// run: the first is the legacy side; the second stands in for the Kitchen and Delivery services
/// (same routes, same data), so that every stage can be run end to end with real answers on both sides.
/// </summary>
public sealed class LegacyPair
{
    private static readonly Lazy<LegacyPair> Shared = new(() => new LegacyPair());

    private LegacyPair()
    {
        var folder = new TempFolder("ftgo-legacy");
        Legacy = new LegacyApp(folder.Path).Start();
        // Started after the first, so the schema is migrated once.
        Twin = new LegacyApp(folder.Path).Start();
    }

    public static LegacyPair Instance => Shared.Value;

    public LegacyApp Legacy { get; }

    public LegacyApp Twin { get; }
}
