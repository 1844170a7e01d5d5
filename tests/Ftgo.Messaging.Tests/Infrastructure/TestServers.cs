using Npgsql;

namespace Ftgo.Messaging.Tests.Infrastructure;

/// <summary>The servers tests/run.sh started. A missing one fails the test with a clear message: never a skip.</summary>
public static class TestServers
{
    public static string Postgres => Required("FTGO_TEST_POSTGRES", "an Npgsql superuser connection string");

    public static string RabbitMq => Required("FTGO_TEST_RABBITMQ", "an AMQP URI");

    private static string Required(string variable, string what) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException(
                $"{variable} is not set: it must hold {what}. Run the tests through tests/run.sh, which starts the server and sets it.");

    /// <summary>A fresh database on the test server; dropped by the returned handle.</summary>
    public static async Task<TestDatabase> CreatePostgresDatabaseAsync()
    {
        var name = "ftgo_msg_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(Postgres))
        {
            await connection.OpenAsync();
            await using var create = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await create.ExecuteNonQueryAsync();
        }
        var builder = new NpgsqlConnectionStringBuilder(Postgres) { Database = name, Pooling = false };
        return new TestDatabase(name, builder.ConnectionString);
    }
}

public sealed record TestDatabase(string Name, string ConnectionString) : IAsyncDisposable
{
    public async ValueTask DisposeAsync()
    {
        await using var connection = new NpgsqlConnection(TestServers.Postgres);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS {Name} WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
