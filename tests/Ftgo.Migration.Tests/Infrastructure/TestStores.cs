using System.Data.Common;
using Ftgo.Delivery.Data;
using Ftgo.Hosting.Storage;
using Ftgo.Kitchen.Data;
using Ftgo.Legacy.Data;
using Ftgo.Migration.Applying;
using Ftgo.Migration.Running;
using Ftgo.Migration.Sources.Postgres;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Npgsql;

namespace Ftgo.Migration.Tests.Infrastructure;

public enum Engine
{
    Sqlite,
    Postgres,
}

/// <summary>
/// Fresh legacy, kitchen and delivery databases of one engine, each created by its own side's EF
/// Core migrations: on PostgreSQL one new database with schemas ftgo, kitchen and delivery on the
/// server of <c>FTGO_TEST_POSTGRES</c> (the test fails, never skips, without it); on SQLite three
/// files in a temp folder. Dispose drops the replication slot the test used and the database.
/// </summary>
public sealed class TestStores : IAsyncDisposable
{
    public const string PostgresVariable = "FTGO_TEST_POSTGRES";

    private TestStores(Engine engine, string legacy, string kitchen, string delivery, string folder, string? database)
    {
        Engine = engine;
        Legacy = legacy;
        Kitchen = kitchen;
        Delivery = delivery;
        Folder = folder;
        _database = database;
        Slot = "ftgo_test_" + Guid.NewGuid().ToString("N")[..12];
    }

    private readonly string? _database;

    public Engine Engine { get; }
    public string Legacy { get; }
    public string Kitchen { get; }
    public string Delivery { get; }
    public string Folder { get; }

    /// <summary>The replication slot of this test (max_replication_slots is small: it is dropped at dispose).</summary>
    public string Slot { get; }

    /// <summary>On SQLite, <c>delivery_</c> once the Delivery service prefixes its tables, else nothing.</summary>
    public string DeliveryPrefix { get; private set; } = "";

    public StorageKind Storage => Engine == Engine.Postgres ? StorageKind.Postgres : StorageKind.Sqlite;

    public static async Task<TestStores> CreateAsync(Engine engine)
    {
        var folder = Path.Combine(Path.GetTempPath(), "ftgo-migration-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        TestStores stores;
        if (engine == Engine.Postgres)
        {
            var server = System.Environment.GetEnvironmentVariable(PostgresVariable);
            if (string.IsNullOrWhiteSpace(server))
            {
                throw new InvalidOperationException(
                    $"{PostgresVariable} is not set: the PostgreSQL tests need an Npgsql connection string to a superuser of a " +
                    $"PostgreSQL 15 with wal_level=logical, e.g. {PostgresVariable}='Host=127.0.0.1;Port=55432;Username=postgres' " +
                    "(tests/run.sh starts one). They fail rather than skip without it.");
            }
            var database = $"ftgo_migration_test_{Guid.NewGuid():N}";
            await using (var admin = new NpgsqlConnection(server))
            {
                await admin.OpenAsync();
                await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
                await create.ExecuteNonQueryAsync();
            }
            var cs = new NpgsqlConnectionStringBuilder(server) { Database = database, MaxPoolSize = 40 }.ConnectionString;
            stores = new TestStores(engine, cs, cs, cs, folder, database);
        }
        else
        {
            string File(string name) => $"Data Source={Path.Combine(folder, name)};Default Timeout=60";
            // The embedded default: the sides share one file, new sides' tables prefixed (kitchen_tickets).
            // Delivery's SQLite tables are not prefixed yet (its couriers and restaurants would meet the
            // monolith's), so it keeps a file of its own — a configuration CDC supports as well.
            stores = new TestStores(engine, File("ftgo.db"), File("ftgo.db"), File("delivery.db"), folder, null);
        }
        await stores.MigrateAsync();
        return stores;
    }

    private async Task MigrateAsync()
    {
        if (Engine == Engine.Postgres)
        {
            await using (var legacy = new PostgresLegacyDbContext(Pg<PostgresLegacyDbContext>(Legacy, "ftgo")))
            {
                await legacy.Database.MigrateAsync();
            }
            await using (var kitchen = new PostgresKitchenDbContext(Pg<PostgresKitchenDbContext>(Kitchen, "kitchen")))
            {
                await kitchen.Database.MigrateAsync();
            }
            await using var delivery = new PostgresDeliveryDbContext(Pg<PostgresDeliveryDbContext>(Delivery, "delivery"));
            await delivery.Database.MigrateAsync();
        }
        else
        {
            await using (var legacy = new SqliteLegacyDbContext(Lite<SqliteLegacyDbContext>(Legacy)))
            {
                await LegacyStorage.MigrateAsync(legacy);
            }
            await using (var kitchen = new SqliteKitchenDbContext(Lite<SqliteKitchenDbContext>(Kitchen)))
            {
                await kitchen.Database.MigrateAsync();
                await kitchen.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
            }
            await using var delivery = new SqliteDeliveryDbContext(Lite<SqliteDeliveryDbContext>(Delivery));
            await DeliveryStorage.MigrateAsync(delivery);
            DeliveryPrefix = await ScalarAsync<long>(Delivery, "SELECT count(*) FROM sqlite_master WHERE name = 'delivery_deliveries'") > 0 ? "delivery_" : "";
        }
    }

    /// <summary>Kitchen's own EF Core context on these databases: writes through it are the service's writes (origin <c>kitchen</c>).</summary>
    public KitchenDbContext KitchenContext() => Engine == Engine.Postgres
        ? new PostgresKitchenDbContext(Pg<PostgresKitchenDbContext>(Kitchen, "kitchen"))
        : new SqliteKitchenDbContext(Lite<SqliteKitchenDbContext>(Kitchen));

    /// <summary>Delivery's own EF Core context on these databases (origin <c>delivery</c>).</summary>
    public DeliveryDbContext DeliveryContext() => Engine == Engine.Postgres
        ? new PostgresDeliveryDbContext(Pg<PostgresDeliveryDbContext>(Delivery, "delivery"))
        : new SqliteDeliveryDbContext(Lite<SqliteDeliveryDbContext>(Delivery));

    private static DbContextOptions<T> Pg<T>(string cs, string schema) where T : DbContext =>
        new DbContextOptionsBuilder<T>().UseNpgsql(cs, o => o.MigrationsHistoryTable("__ef_migrations_history", schema))
            .UseSnakeCaseNamingConvention().Options;

    private static DbContextOptions<T> Lite<T>(string cs) where T : DbContext =>
        new DbContextOptionsBuilder<T>().UseSqlite(cs).UseSnakeCaseNamingConvention().Options;

    /// <summary>The CDC settings of these databases, as <c>ftgo</c> would read them from configuration.</summary>
    public CdcSettings Settings(string transport = CdcSettings.InProcess, string? bootstrap = null, string? prefix = null, string? source = null) =>
        CdcSettings.FromConfiguration(new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(Configuration(transport, bootstrap, prefix, source))
            .Build());

    public Dictionary<string, string?> Configuration(string transport = CdcSettings.InProcess, string? bootstrap = null, string? prefix = null, string? source = null,
        bool schemas = true) => new()
    {
        ["Ftgo:Kafka:SchemasEnabled"] = schemas ? null : "false",
        ["Ftgo:Storage"] = Engine == Engine.Postgres ? "postgres" : "sqlite",
        ["ConnectionStrings:Legacy"] = Legacy,
        ["ConnectionStrings:Kitchen"] = Kitchen,
        ["ConnectionStrings:Delivery"] = Delivery,
        ["Ftgo:Cdc:Transport"] = transport,
        ["Ftgo:Cdc:Source"] = source,
        ["Ftgo:Kafka:BootstrapServers"] = bootstrap,
        ["Ftgo:Cdc:TopicPrefix"] = prefix,
        ["Ftgo:Cdc:Slot"] = Slot,
        ["Ftgo:Cdc:Publication"] = Slot,
        ["Ftgo:Kafka:GroupId"] = prefix is null ? null : prefix + "-applier",
        ["Ftgo:Kafka:SessionTimeoutMs"] = "6000",
    };

    /// <summary>The same settings as environment variables, for a child `ftgo` process.</summary>
    public Dictionary<string, string> Environment(string transport = CdcSettings.InProcess, string? bootstrap = null, string? prefix = null, bool schemas = true) =>
        Configuration(transport, bootstrap, prefix, schemas: schemas).Where(p => p.Value is not null)
            .ToDictionary(p => p.Key.Replace(":", "__"), p => p.Value!);

    public DbConnection Connect(string connectionString) =>
        Engine == Engine.Postgres ? new NpgsqlConnection(connectionString) : new SqliteConnection(connectionString);

    public async Task<DbConnection> OpenAsync(string connectionString)
    {
        var connection = Connect(connectionString);
        await connection.OpenAsync();
        return connection;
    }

    /// <summary>A side's table, qualified for the engine (<c>kitchen.tickets</c> or <c>tickets</c>).</summary>
    public string Table(string schema, string table) => Engine == Engine.Postgres ? $"{schema}.{table}" : table;

    public async Task<T> ScalarAsync<T>(string connectionString, string sql, params (string Name, object? Value)[] parameters)
    {
        await using var connection = await OpenAsync(connectionString);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var p = command.CreateParameter();
            p.ParameterName = name;
            p.Value = value ?? DBNull.Value;
            command.Parameters.Add(p);
        }
        var result = await command.ExecuteScalarAsync();
        return result is null or DBNull ? default! : (T)Convert.ChangeType(result, Nullable.GetUnderlyingType(typeof(T)) ?? typeof(T));
    }

    public Task<long> CountAsync(string connectionString, string table) => ScalarAsync<long>(connectionString, $"SELECT count(*) FROM {table}");

    public async ValueTask DisposeAsync()
    {
        if (Engine == Engine.Postgres)
        {
            var server = System.Environment.GetEnvironmentVariable(PostgresVariable)!;
            NpgsqlConnection.ClearAllPools();
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await Eventually.UntilAsync(async () =>
            {
                await using var drop = new NpgsqlCommand(
                    "SELECT count(pg_drop_replication_slot(slot_name)) FROM pg_replication_slots WHERE database = @db AND NOT active; " +
                    "SELECT count(*) FROM pg_replication_slots WHERE database = @db", admin);
                drop.Parameters.AddWithValue("db", _database!);
                await using var reader = await drop.ExecuteReaderAsync();
                await reader.NextResultAsync();
                await reader.ReadAsync();
                return reader.GetInt64(0) == 0;
            }, $"the replication slots of {_database} to be released", TimeSpan.FromSeconds(30));
            await using var dropDb = new NpgsqlCommand($"DROP DATABASE IF EXISTS {_database} WITH (FORCE)", admin);
            await dropDb.ExecuteNonQueryAsync();
        }
        else
        {
            SqliteConnection.ClearAllPools();
        }
        try
        {
            Directory.Delete(Folder, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    internal PostgresCdcOptions PostgresOptions => new() { ConnectionString = Legacy, Slot = Slot, Publication = Slot };

    internal IReadOnlyList<TargetOptions> Targets => Settings().Targets;
}
