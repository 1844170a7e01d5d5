using Ftgo.Messaging;
using Ftgo.Messaging.Routing;
using Npgsql;
using RabbitMQ.Client;

namespace Ftgo.Testing;

/// <summary>
/// The PostgreSQL and RabbitMQ that tests/run.sh starts (or the developer's, through
/// <c>FTGO_TEST_POSTGRES</c> and <c>FTGO_TEST_RABBITMQ</c>). Missing is a failure, never a skip.
/// </summary>
public static class RealEngines
{
    public static string Postgres => Environment.GetEnvironmentVariable("FTGO_TEST_POSTGRES") is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException("FTGO_TEST_POSTGRES is not set: run the tests with tests/run.sh, which starts PostgreSQL.");

    public static string RabbitMq => Environment.GetEnvironmentVariable("FTGO_TEST_RABBITMQ") is { Length: > 0 } value
        ? value
        : throw new InvalidOperationException("FTGO_TEST_RABBITMQ is not set: run the tests with tests/run.sh, which starts RabbitMQ.");

    /// <summary>A fresh database; returns its connection string.</summary>
    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "ftgo_test_" + Guid.NewGuid().ToString("N")[..12];
        await using (var connection = new NpgsqlConnection(Postgres))
        {
            await connection.OpenAsync();
            await using var command = new NpgsqlCommand($"CREATE DATABASE {name}", connection);
            await command.ExecuteNonQueryAsync();
        }
        return new NpgsqlConnectionStringBuilder(Postgres) { Database = name }.ConnectionString;
    }

    /// <summary>Drops a database <see cref="CreateDatabaseAsync"/> made, with the replication slots CDC made in it (a slot outlives its database's connections and keeps WAL).</summary>
    public static async Task DropDatabaseAsync(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Postgres);
        await connection.OpenAsync();
        await using (var slots = new NpgsqlCommand(
            "SELECT pg_drop_replication_slot(slot_name) FROM pg_replication_slots WHERE database = @db AND NOT active", connection))
        {
            slots.Parameters.AddWithValue("db", name!);
            await slots.ExecuteNonQueryAsync();
        }
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }

    /// <summary>
    /// Empties the system's own queues (legacy, kitchen, delivery and the error queue): a run on the
    /// real bus uses the same names as every other, so nothing left by an earlier run may reach it.
    /// </summary>
    public static async Task DeleteBusQueuesAsync()
    {
        var factory = new ConnectionFactory { Uri = new Uri(RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var queue in new[] { Queues.Legacy, Queues.Kitchen, Queues.Delivery, FtgoMessagingExtensions.RabbitErrorQueue })
        {
            await channel.QueueDeleteAsync(queue);
        }
    }
}
