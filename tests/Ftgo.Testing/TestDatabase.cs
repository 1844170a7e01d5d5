using Microsoft.Data.Sqlite;
using Npgsql;

namespace Ftgo.Testing;

/// <summary>
/// A fresh, empty database of one store plus a temp data folder (session keys), both removed on
/// dispose. PostgreSQL databases are created on the server named by <c>FTGO_TEST_POSTGRES</c>;
/// without it the PostgreSQL tests fail (never skip).
/// </summary>
public abstract class TestDatabase : IAsyncDisposable
{
    public const string PostgresVariable = "FTGO_TEST_POSTGRES";

    private protected TestDatabase(string name)
    {
        Name = name;
        DataFolder = Path.Combine(Path.GetTempPath(), $"ftgo-{name}-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(DataFolder);
    }

    /// <summary>What the database is for (<c>legacy</c>, <c>delivery</c>…).</summary>
    public string Name { get; }

    public abstract Store Store { get; }

    public abstract string ConnectionString { get; }

    public string DataFolder { get; }

    /// <summary><c>Ftgo:Storage</c> for this store.</summary>
    public string StorageSetting => Store == Store.Postgres ? "postgres" : "sqlite";

    /// <summary>A database for <paramref name="name"/> (<c>legacy</c>, <c>delivery</c>…): its SQLite file, temp folder and PostgreSQL database are named after it.</summary>
    public static async Task<TestDatabase> CreateAsync(Store store, string name) => store switch
    {
        Store.Sqlite => new SqliteTestDatabase(name),
        _ => await PostgresTestDatabase.CreateAsync(name),
    };

    public virtual ValueTask DisposeAsync()
    {
        try
        {
            Directory.Delete(DataFolder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a pooled connection; the OS cleans the temp folder.
        }
        return ValueTask.CompletedTask;
    }

    private sealed class SqliteTestDatabase(string name) : TestDatabase(name)
    {
        public override Store Store => Store.Sqlite;

        public override string ConnectionString => $"Data Source={Path.Combine(DataFolder, Name + ".db")}";

        public override ValueTask DisposeAsync()
        {
            SqliteConnection.ClearAllPools();
            return base.DisposeAsync();
        }
    }

    private sealed class PostgresTestDatabase(string name, string server, string database) : TestDatabase(name)
    {
        public override Store Store => Store.Postgres;

        public override string ConnectionString { get; } =
            new NpgsqlConnectionStringBuilder(server) { Database = database }.ConnectionString;

        public static async Task<TestDatabase> CreateAsync(string name)
        {
            var server = Environment.GetEnvironmentVariable(PostgresVariable);
            if (string.IsNullOrWhiteSpace(server))
            {
                throw new InvalidOperationException(
                    $"{PostgresVariable} is not set: the PostgreSQL tests need an Npgsql connection string to a superuser, " +
                    $"e.g. {PostgresVariable}='Host=127.0.0.1;Port=55432;Username=postgres'. They fail rather than skip without it.");
            }
            var database = $"ftgo_{name}_test_{Guid.NewGuid():N}";
            await using var admin = new NpgsqlConnection(server);
            await admin.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {database}", admin);
            await create.ExecuteNonQueryAsync();
            return new PostgresTestDatabase(name, server, database);
        }

        public override async ValueTask DisposeAsync()
        {
            await using (var connection = new NpgsqlConnection(ConnectionString))
            {
                NpgsqlConnection.ClearPool(connection);
            }
            await using var admin = new NpgsqlConnection(Environment.GetEnvironmentVariable(PostgresVariable)!);
            await admin.OpenAsync();
            await using var drop = new NpgsqlCommand(
                $"DROP DATABASE IF EXISTS {new NpgsqlConnectionStringBuilder(ConnectionString).Database} WITH (FORCE)", admin);
            await drop.ExecuteNonQueryAsync();
            await base.DisposeAsync();
        }
    }
}
