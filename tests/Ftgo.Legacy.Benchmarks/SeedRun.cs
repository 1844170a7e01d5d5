using System.Diagnostics;
using Ftgo.Legacy.Data;
using Ftgo.Legacy.Delivery;
using Ftgo.Legacy.Orders;
using Ftgo.Legacy.Restaurants;
using Ftgo.Legacy.Seeding;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Npgsql;

namespace Ftgo.Legacy.Benchmarks;

public sealed record SeedResult(int Orders, long Rows, double Seconds);

/// <summary>One measured seed: a fresh database, the schema migrated, then only the seed is timed.</summary>
public static class SeedRun
{
    public static async Task<SeedResult> RunAsync(string store, int orders, int value)
    {
        var folder = Path.Combine(Path.GetTempPath(), "ftgo-legacy-bench", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        string? server = null, database = null, connectionString;
        if (store == "postgres")
        {
            server = Environment.GetEnvironmentVariable("FTGO_TEST_POSTGRES");
            if (string.IsNullOrWhiteSpace(server))
            {
                throw new InvalidOperationException("FTGO_TEST_POSTGRES is not set (an Npgsql connection string to a superuser).");
            }
            database = $"ftgo_legacy_bench_{Guid.NewGuid():N}";
            await ExecuteAsync(server, $"CREATE DATABASE {database}");
            connectionString = new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;
        }
        else
        {
            connectionString = $"Data Source={Path.Combine(folder, "legacy.db")}";
        }
        try
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Ftgo:Storage"] = store,
                ["ConnectionStrings:Legacy"] = connectionString,
                ["Ftgo:DataFolder"] = folder,
            }).Build();
            var services = new ServiceCollection()
                .AddLogging(l => l.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning)
                    // EF Core logs the missing history table of a fresh database as an error.
                    .AddFilter("Microsoft.EntityFrameworkCore", LogLevel.Critical))
                .AddLegacyStorage(configuration)
                .AddScoped<Seeder>()
                .BuildServiceProvider();
            await using var scope = services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<LegacyDbContext>();
            await LegacyStorage.MigrateAsync(db);

            var watch = Stopwatch.StartNew();
            var seeded = await scope.ServiceProvider.GetRequiredService<Seeder>()
                .SeedIfEmptyAsync(new SeedOptions { Orders = orders, Value = value }, CancellationToken.None);
            watch.Stop();
            if (!seeded)
            {
                throw new InvalidOperationException("The fresh database was not seeded.");
            }

            var rows = await db.Restaurants.LongCountAsync() + await db.Set<MenuItem>().LongCountAsync()
                + await db.Consumers.LongCountAsync() + await db.Couriers.LongCountAsync()
                + await db.Orders.LongCountAsync() + await db.Set<OrderLineItem>().LongCountAsync()
                + await db.Set<CourierAction>().LongCountAsync();
            var counted = await db.Orders.CountAsync();
            if (counted != orders)
            {
                throw new InvalidOperationException($"{counted} orders in the database, {orders} asked for.");
            }
            return new SeedResult(orders, rows, watch.Elapsed.TotalSeconds);
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            NpgsqlConnection.ClearAllPools();
            if (server is not null)
            {
                await ExecuteAsync(server, $"DROP DATABASE IF EXISTS {database} WITH (FORCE)");
            }
            Directory.Delete(folder, recursive: true);
        }
    }

    private static async Task ExecuteAsync(string server, string sql)
    {
        await using var connection = new NpgsqlConnection(server);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
