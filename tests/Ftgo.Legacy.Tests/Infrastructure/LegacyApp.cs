using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Ftgo.Testing.Hosts;

namespace Ftgo.Legacy.Tests.Infrastructure;

/// <summary>
/// The monolith hosted in memory on one <see cref="TestDatabase"/>. Settings go into the host
/// configuration, so they are in place when <c>Program</c> reads them while the host is built;
/// a <paramref name="clock"/>, if given, replaces the app's <see cref="TimeProvider"/>.
/// </summary>
public sealed class LegacyApp(TestDatabase database, IReadOnlyDictionary<string, string?>? settings = null,
    TimeProvider? clock = null) : WebApplicationFactory<Program>
{
    public TestDatabase Database { get; } = database;

    /// <summary>The started host, for Wolverine's tracked sessions.</summary>
    public IHost Host => _host ?? throw new InvalidOperationException("The host is not started.");

    private IHost? _host;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var all = LegacySettings.For(Database);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }
        builder.ConfigureHostConfiguration(c => c.AddInMemoryCollection(all));
        _host = base.CreateHost(builder);
        return _host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Testing");
        builder.UseDefaultServiceProvider(o =>
        {
            o.ValidateScopes = true;
            o.ValidateOnBuild = true;
        });
        builder.ConfigureTestServices(services =>
        {
            // Every test logs in; the production PBKDF2 work factor (100k rounds) would dominate the
            // run on two cores. The hash format and the check are unchanged, only cheaper.
            services.Configure<PasswordHasherOptions>(o => o.IterationCount = 1_000);
            if (clock is not null)
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton(clock);
            }
        });
    }

    /// <summary>A client that keeps cookies, logged in as demo/demo unless told otherwise.</summary>
    public async Task<FtgoClient> ClientAsync(bool login = true)
    {
        var client = new FtgoClient(CreateClient(new WebApplicationFactoryClientOptions
        {
            HandleCookies = true,
            AllowAutoRedirect = false,
        }));
        if (login)
        {
            await client.LoginAsync();
        }
        return client;
    }

    /// <summary>Runs <paramref name="work"/> against the app's own database context.</summary>
    public async Task<T> QueryAsync<T>(Func<Data.LegacyDbContext, Task<T>> work)
    {
        await using var scope = Services.CreateAsyncScope();
        return await work(scope.ServiceProvider.GetRequiredService<Data.LegacyDbContext>());
    }
}
