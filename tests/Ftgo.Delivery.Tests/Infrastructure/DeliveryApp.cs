using System.Net.Http.Headers;
using Ftgo.Delivery.Data;
using Ftgo.Messaging.Routing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Wolverine;
using Wolverine.Postgresql;
using Wolverine.Sqlite;

namespace Ftgo.Delivery.Tests.Infrastructure;

/// <summary>
/// The Delivery service hosted in memory on one <see cref="TestDatabase"/>, with a
/// <see cref="FakeTimeProvider"/> as its clock and the test signing key. Settings go into the
/// host configuration, so they are in place when <c>Program</c> reads them.
/// </summary>
public sealed class DeliveryApp(TestDatabase database, FakeTimeProvider clock, IReadOnlyDictionary<string, string?>? settings = null)
    : WebApplicationFactory<DeliveryOptions>
{
    public TestDatabase Database { get; } = database;

    public FakeTimeProvider Clock { get; } = clock;

    /// <summary>The started host, for Wolverine's tracked sessions.</summary>
    public IHost Host => _host ?? throw new InvalidOperationException("The host is not started.");

    private IHost? _host;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        var all = new Dictionary<string, string?>
        {
            ["Ftgo:Storage"] = Database.StorageSetting,
            ["ConnectionStrings:Delivery"] = Database.ConnectionString,
            ["Ftgo:DataFolder"] = Database.DataFolder,
            ["Ftgo:Auth:Keys"] = Tokens.Keys.KeySetFile,
            ["Logging:LogLevel:Default"] = "Warning",
            // Handler failures are expected in some tests; Wolverine logs each retry.
            ["Logging:LogLevel:Wolverine"] = "Error",
        };
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
            services.RemoveAll<TimeProvider>();
            services.AddSingleton<TimeProvider>(Clock);
            // Stand in for the monolith and Kitchen: receive what the service sends them, so that
            // tracked sessions see each message arrive at the other end of the bus.
            services.ConfigureWolverine(opts =>
            {
                foreach (var queue in new[] { Queues.Legacy, Queues.Kitchen })
                {
                    if (Database.Store == Store.Postgres)
                    {
                        opts.ListenToPostgresqlQueue(queue).PollingInterval(TimeSpan.FromMilliseconds(100));
                    }
                    else
                    {
                        opts.ListenToSqliteQueue(queue).PollingInterval(TimeSpan.FromMilliseconds(100));
                    }
                }
            });
        });
    }

    /// <summary>A client that sends <paramref name="token"/> as its bearer token, or none.</summary>
    public HttpClient Client(string? token)
    {
        var client = CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false });
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>A client with a valid service token.</summary>
    public HttpClient AuthorizedClient() => Client(Tokens.Issue(TimeProvider.System));

    /// <summary>
    /// Runs a use case the way the messaging layer will: one scope, the handler, then one commit.
    /// Returns the handler's output (the events it would publish).
    /// </summary>
    public async Task<T> HandleAsync<T>(Func<DeliveryDbContext, Task<T>> handler)
    {
        await using var scope = Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        var result = await handler(db);
        await db.SaveChangesAsync();
        return result;
    }

    public Task HandleAsync(Func<DeliveryDbContext, Task> handler) =>
        HandleAsync(async db =>
        {
            await handler(db);
            return true;
        });

    /// <summary>Reads through a fresh context (nothing cached from the writes).</summary>
    public async Task<T> QueryAsync<T>(Func<DeliveryDbContext, Task<T>> query)
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<DeliveryDbContext>());
    }
}
