using Ftgo.Testing;
using System.Net.Http.Headers;
using Ftgo.Hosting.Auth;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using Npgsql;

namespace Ftgo.Kitchen.Tests.Infrastructure;

/// <summary>
/// The Kitchen service in memory on a real store: a fresh SQLite file, or a fresh PostgreSQL database
/// on FTGO_TEST_POSTGRES (the test fails with a clear message when it is unset — never a skip). The
/// bus is the local one (Wolverine's queues in that same database).
/// </summary>
public sealed class KitchenApp : WebApplicationFactory<KitchenOptions>
{
    /// <summary>The gateway's keys every test host trusts (<c>Ftgo:Auth:Keys</c>).</summary>
    public static readonly TestServiceKeys Keys = new();

    private readonly Dictionary<string, string> _settings;
    private readonly string? _database;

    private KitchenApp(Dictionary<string, string> settings, string? database)
    {
        _settings = settings;
        _database = database;
    }

    public static async Task<KitchenApp> StartAsync(Store store, IReadOnlyDictionary<string, string>? extra = null)
    {
        var folder = Directory.CreateTempSubdirectory("ftgo-kitchen-").FullName;
        var settings = new Dictionary<string, string>
        {
            ["Ftgo:DataFolder"] = folder,
            ["Ftgo:Bus"] = "local",
            ["Ftgo:Auth:Keys"] = Keys.KeySetFile,
        };
        string? database = null;
        if (store == Store.Postgres)
        {
            var server = Environment.GetEnvironmentVariable("FTGO_TEST_POSTGRES") is { Length: > 0 } cs
                ? cs
                : throw new InvalidOperationException(
                    "FTGO_TEST_POSTGRES is not set: it must hold an Npgsql superuser connection string. Run the tests through tests/run.sh.");
            database = "ftgo_kitchen_" + Guid.NewGuid().ToString("N")[..12];
            await using var connection = new NpgsqlConnection(server);
            await connection.OpenAsync();
            await new NpgsqlCommand($"CREATE DATABASE {database}", connection).ExecuteNonQueryAsync();
            settings["Ftgo:Storage"] = "postgres";
            settings["ConnectionStrings:Kitchen"] = new NpgsqlConnectionStringBuilder(server) { Database = database, Pooling = false }.ConnectionString;
        }
        foreach (var (key, value) in extra ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }
        var app = new KitchenApp(settings, database);
        _ = app.Server; // start it: migrations and Wolverine's tables
        return app;
    }

    /// <summary>The running host, for Wolverine's tracked sessions.</summary>
    public IHost Host { get; private set; } = null!;

    protected override IHost CreateHost(IHostBuilder builder)
    {
        Host = base.CreateHost(builder);
        return Host;
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    /// <summary>Sends a message through the bus, as another process would.</summary>
    public async Task SendAsync(object message)
    {
        await using var scope = Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<Wolverine.IMessageBus>().SendAsync(message);
    }

    /// <summary>A client carrying a valid service token, as the gateway would send it.</summary>
    public HttpClient AuthorizedClient() => ClientWith(Token(DateTimeOffset.UtcNow));

    public HttpClient ClientWith(string? token)
    {
        var client = CreateClient();
        if (token is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        return client;
    }

    /// <summary>A token for Kitchen (or <paramref name="audience"/>) issued at <paramref name="issuedAt"/> with the gateway's lifetime (2 min).</summary>
    public static string Token(DateTimeOffset issuedAt, string audience = "kitchen") =>
        Keys.Issue(audience, roles: ["restaurant"], lifetime: TimeSpan.FromMinutes(2), clock: new FakeTimeProvider(issuedAt));

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (_database is not null)
        {
            await using var connection = new NpgsqlConnection(Environment.GetEnvironmentVariable("FTGO_TEST_POSTGRES"));
            await connection.OpenAsync();
            await new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", connection).ExecuteNonQueryAsync();
        }
    }
}
