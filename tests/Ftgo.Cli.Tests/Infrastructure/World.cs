extern alias cli;
using cli::Ftgo.Cli.Gateway;
using Ftgo.Migration.Running;

namespace Ftgo.Cli.Tests.Infrastructure;

/// <summary>
/// One strangler world per test: SQLite stores, fake legacy / Kitchen / Delivery backends, and the real
/// gateway in front of them. CDC and traffic are started by the tests that need them.
/// </summary>
public sealed class World : IAsyncDisposable
{
    private World(string folder, SqliteStores stores, FakeBackend legacy, FakeBackend kitchen, FakeBackend delivery, GatewayHost gateway)
    {
        Folder = folder;
        Stores = stores;
        Legacy = legacy;
        Kitchen = kitchen;
        Delivery = delivery;
        Gateway = gateway;
        Admin = new GatewayAdminClient(new GatewaySettings { Url = gateway.BaseAddress, Token = GatewayHost.AdminToken });
    }

    public string Folder { get; }
    public SqliteStores Stores { get; }
    public FakeBackend Legacy { get; }
    public FakeBackend Kitchen { get; }
    public FakeBackend Delivery { get; }
    public GatewayHost Gateway { get; }

    /// <summary>The gateway's admin API as <c>ftgo</c> speaks to it, with the admin token.</summary>
    public GatewayAdminClient Admin { get; }

    public static async Task<World> StartAsync()
    {
        var folder = Path.Combine(Path.GetTempPath(), "ftgo-cli-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        var stores = await SqliteStores.CreateAsync(folder);
        var legacy = await FakeBackend.StartAsync();
        var kitchen = await FakeBackend.StartAsync();
        var delivery = await FakeBackend.StartAsync();
        var gateway = new GatewayHost(folder, legacy.BaseAddress, kitchen.BaseAddress, delivery.BaseAddress).Start();
        return new World(folder, stores, legacy, kitchen, delivery, gateway);
    }

    public CdcSettings CdcSettings => Stores.Settings();

    /// <summary>The environment of an <c>ftgo</c> child process pointed at this world, with the admin token.</summary>
    public Dictionary<string, string> Environment(bool withToken = true)
    {
        var environment = Stores.Environment();
        environment["Ftgo__Gateway__Url"] = Gateway.BaseAddress.ToString();
        if (withToken)
        {
            environment["Ftgo__Gateway__AdminToken"] = GatewayHost.AdminToken;
        }
        return environment;
    }

    public async ValueTask DisposeAsync()
    {
        Admin.Dispose();
        await Gateway.DisposeAsync();
        await Legacy.DisposeAsync();
        await Kitchen.DisposeAsync();
        await Delivery.DisposeAsync();
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
