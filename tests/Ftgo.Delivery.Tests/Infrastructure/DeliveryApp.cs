using System.Net.Http.Headers;
using Ftgo.Delivery.Data;
using Ftgo.Messaging.Routing;
using Ftgo.Testing.Hosts;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Wolverine;
using Wolverine.Postgresql;
using Wolverine.Sqlite;

namespace Ftgo.Delivery.Tests.Infrastructure;

/// <summary>
/// The Delivery service hosted in memory on one <see cref="TestDatabase"/>, with a
/// <see cref="FakeTimeProvider"/> as its clock and the test signing key; <paramref name="settings"/>
/// go over its test settings.
/// </summary>
public sealed class DeliveryApp(TestDatabase database, FakeTimeProvider clock, IReadOnlyDictionary<string, string?>? settings = null)
    : ServiceHost<DeliveryOptions>(Settings(database).With(settings), new ServiceHostOptions
    {
        Clock = clock,
        ValidateServices = true,
        Services = services => ListenAsTheOthers(services, database.Store),
    })
{
    public TestDatabase Database { get; } = database;

    public FakeTimeProvider Clock { get; } = clock;

    private static Dictionary<string, string?> Settings(TestDatabase database) => new()
    {
        ["Ftgo:Storage"] = database.StorageSetting,
        ["ConnectionStrings:Delivery"] = database.ConnectionString,
        ["Ftgo:DataFolder"] = database.DataFolder,
        ["Ftgo:Auth:Keys"] = Tokens.Keys.KeySetFile,
        ["Logging:LogLevel:Default"] = "Warning",
        // Handler failures are expected in some tests; Wolverine logs each retry.
        ["Logging:LogLevel:Wolverine"] = "Error",
    };

    /// <summary>
    /// Stands in for the monolith and Kitchen: receives what the service sends them, so that tracked
    /// sessions see each message arrive at the other end of the bus.
    /// </summary>
    private static void ListenAsTheOthers(IServiceCollection services, Store store) =>
        services.ConfigureWolverine(opts =>
        {
            foreach (var queue in new[] { Queues.Legacy, Queues.Kitchen })
            {
                if (store == Store.Postgres)
                {
                    opts.ListenToPostgresqlQueue(queue).PollingInterval(TimeSpan.FromMilliseconds(100));
                }
                else
                {
                    opts.ListenToSqliteQueue(queue).PollingInterval(TimeSpan.FromMilliseconds(100));
                }
            }
        });

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
