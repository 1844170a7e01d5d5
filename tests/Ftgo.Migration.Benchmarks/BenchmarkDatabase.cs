using Ftgo.Delivery.Data;
using Ftgo.Kitchen.Data;
using Ftgo.Legacy.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;
using Ftgo.Migration.Running;

namespace Ftgo.Migration.Benchmarks;

/// <summary>A fresh PostgreSQL database with the three schemas, created by each side's migrations; dropped at dispose.</summary>
internal sealed class BenchmarkDatabase : IAsyncDisposable
{
    private readonly string _server;
    private readonly string _name;

    private BenchmarkDatabase(string server, string name)
    {
        _server = server;
        _name = name;
        ConnectionString = new NpgsqlConnectionStringBuilder(server) { Database = name, MaxPoolSize = 60 }.ConnectionString;
    }

    public string ConnectionString { get; }
    public string Slot { get; } = "ftgo_bench_" + Guid.NewGuid().ToString("N")[..8];

    public static async Task<BenchmarkDatabase> CreateAsync(string server)
    {
        var db = new BenchmarkDatabase(server, $"ftgo_bench_{Guid.NewGuid():N}");
        await using (var admin = new NpgsqlConnection(server))
        {
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {db._name}", admin);
            await create.ExecuteNonQueryAsync();
        }
        await using (var legacy = new PostgresLegacyDbContext(Options<PostgresLegacyDbContext>(db.ConnectionString, "ftgo")))
        {
            await legacy.Database.MigrateAsync();
        }
        await using (var kitchen = new PostgresKitchenDbContext(Options<PostgresKitchenDbContext>(db.ConnectionString, "kitchen")))
        {
            await kitchen.Database.MigrateAsync();
        }
        await using (var delivery = new PostgresDeliveryDbContext(Options<PostgresDeliveryDbContext>(db.ConnectionString, "delivery")))
        {
            await delivery.Database.MigrateAsync();
        }
        return db;
    }

    private static DbContextOptions<T> Options<T>(string cs, string schema) where T : DbContext =>
        new DbContextOptionsBuilder<T>().UseNpgsql(cs, o => o.MigrationsHistoryTable("__ef_migrations_history", schema))
            .UseSnakeCaseNamingConvention().Options;

    public CdcSettings Settings(string transport = CdcSettings.InProcess, string? bootstrap = null, string? prefix = null) =>
        CdcSettings.FromConfiguration(new ConfigurationBuilder().AddInMemoryCollection(Configuration(transport, bootstrap, prefix)).Build());

    /// <summary>The settings of CDC on this database, as configuration keys (an <c>ftgo cdc run</c> child gets them as its environment).</summary>
    public Dictionary<string, string?> Configuration(string transport = CdcSettings.InProcess, string? bootstrap = null, string? prefix = null) =>
        new()
        {
            ["Ftgo:Storage"] = "postgres",
            ["ConnectionStrings:Legacy"] = ConnectionString,
            ["ConnectionStrings:Kitchen"] = ConnectionString,
            ["ConnectionStrings:Delivery"] = ConnectionString,
            ["Ftgo:Cdc:Transport"] = transport,
            ["Ftgo:Kafka:BootstrapServers"] = bootstrap,
            ["Ftgo:Cdc:TopicPrefix"] = prefix,
            ["Ftgo:Cdc:Slot"] = Slot,
            ["Ftgo:Cdc:Publication"] = Slot,
        };

    public async Task<object?> ScalarAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection) { CommandTimeout = 600 };
        return await command.ExecuteScalarAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(_server);
        await admin.OpenAsync();
        for (var i = 0; i < 100; i++)
        {
            await using var drop = new NpgsqlCommand(
                "SELECT count(pg_drop_replication_slot(slot_name)) FROM pg_replication_slots WHERE database = @db AND NOT active; " +
                "SELECT count(*) FROM pg_replication_slots WHERE database = @db", admin);
            drop.Parameters.AddWithValue("db", _name);
            await using var reader = await drop.ExecuteReaderAsync();
            await reader.NextResultAsync();
            await reader.ReadAsync();
            if (reader.GetInt64(0) == 0)
            {
                break;
            }
            await Task.Delay(100);
        }
        await using var dropDb = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_name} WITH (FORCE)", admin);
        await dropDb.ExecuteNonQueryAsync();
    }
}
