using Npgsql;
using RabbitMQ.Client;

namespace Ftgo.Extraction.Tests.Infrastructure;

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

    /// <summary>A fresh database on the test server, for one world; dropped by <see cref="DropDatabaseAsync"/>.</summary>
    public static Task<string> CreateDatabaseAsync() => RealEngines.CreateDatabaseAsync();

    public static Task DropDatabaseAsync(string connectionString) => RealEngines.DropDatabaseAsync(connectionString);

    /// <summary>
    /// Deletes the FTGO queues (and the error queue) on the broker: the queue names are the system's
    /// own, so a message left by an earlier run would reach this run's hosts. They are re-created by
    /// the hosts at start.
    /// </summary>
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

    /// <summary>Consumers of a queue of the broker.</summary>
    public static async Task<uint> ConsumersAsync(string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        return (await channel.QueueDeclarePassiveAsync(queue)).ConsumerCount;
    }

    /// <summary>Messages waiting in a queue of the broker (0 when no one declared it).</summary>
    public static async Task<uint> CountAsync(string queue)
    {
        var factory = new ConnectionFactory { Uri = new Uri(RabbitMq) };
        await using var connection = await factory.CreateConnectionAsync();
        await using var channel = await connection.CreateChannelAsync();
        try
        {
            return (await channel.QueueDeclarePassiveAsync(queue)).MessageCount;
        }
        catch (RabbitMQ.Client.Exceptions.OperationInterruptedException e) when (e.ShutdownReason?.ReplyCode == 404)
        {
            return 0;
        }
    }
}
