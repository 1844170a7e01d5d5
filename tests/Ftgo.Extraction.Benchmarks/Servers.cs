using Npgsql;
using RabbitMQ.Client;

namespace Ftgo.Extraction.Benchmarks;

/// <summary>The PostgreSQL and RabbitMQ servers the measurement runs on (the variables tests/run.sh sets).</summary>
internal static class Servers
{
    public static string Postgres => Required("FTGO_TEST_POSTGRES");

    public static string RabbitMq => Required("FTGO_TEST_RABBITMQ");

    private static string Required(string variable) =>
        Environment.GetEnvironmentVariable(variable) is { Length: > 0 } value
            ? value
            : throw new InvalidOperationException($"{variable} is not set (e.g. FTGO_TEST_POSTGRES='Host=127.0.0.1;Port=55432;Username=postgres', " +
                                                  "FTGO_TEST_RABBITMQ='amqp://guest:guest@127.0.0.1:5673/').");

    public static async Task<string> CreateDatabaseAsync()
    {
        var name = "ftgo_bench_" + Guid.NewGuid().ToString("N")[..12];
        await using var connection = new NpgsqlConnection(Postgres);
        await connection.OpenAsync();
        await new NpgsqlCommand($"CREATE DATABASE {name}", connection).ExecuteNonQueryAsync();
        return new NpgsqlConnectionStringBuilder(Postgres) { Database = name }.ConnectionString;
    }

    public static async Task DropDatabaseAsync(string connectionString)
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(Postgres);
        await connection.OpenAsync();
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database;
        await new NpgsqlCommand($"DROP DATABASE IF EXISTS {name} WITH (FORCE)", connection).ExecuteNonQueryAsync();
    }

    /// <summary>Messages waiting in a queue (0 when it does not exist).</summary>
    public static async Task<uint> CountAsync(string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException)
        {
            return 0;
        }
    }

    public static async Task DeleteQueuesAsync(params string[] queues)
    {
        var factory = new ConnectionFactory { Uri = new Uri(RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        foreach (var queue in queues)
        {
            await channel.QueueDeleteAsync(queue);
        }
    }
}
