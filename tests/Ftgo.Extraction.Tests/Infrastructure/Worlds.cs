using Microsoft.Data.Sqlite;
using Npgsql;

namespace Ftgo.Extraction.Tests.Infrastructure;

/// <summary>
/// The embedded default: no server. Every process uses the default database of the data folder,
/// one SQLite file (<c>ftgo.db</c>) holding the monolith's tables, Kitchen's and Delivery's
/// (prefixed) and Wolverine's queues, which is what connects the three.
/// </summary>
public sealed class EmbeddedWorld : World
{
    public string DatabaseFile => Path.Combine(Folder, "ftgo.db");

    protected override Task<Dictionary<string, string?>> PrepareAsync() => Task.FromResult(new Dictionary<string, string?>
    {
        ["Ftgo:Storage"] = "sqlite",
        ["Ftgo:Bus"] = "local",
    });

    /// <summary>The three sides' tables and the three queues are in the one file.</summary>
    protected override async Task VerifyAsync()
    {
        await using var connection = new SqliteConnection($"Data Source={DatabaseFile}");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name IN " +
                              "('orders', 'kitchen_tickets', 'delivery_deliveries', 'wolverine_queue_legacy', 'wolverine_queue_kitchen', 'wolverine_queue_delivery')";
        var found = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
        {
            found.Add(reader.GetString(0));
        }
        Assert.Equal(6, found.Count);
    }

    public override Task<IReadOnlyList<string>> DeadLettersAsync() => DeadLetters.OnSqliteAsync(DatabaseFile);

    protected override Task CleanUpAsync()
    {
        SqliteConnection.ClearAllPools();
        return Task.CompletedTask;
    }
}

/// <summary>
/// The real engines: RabbitMQ as the transport, one PostgreSQL database with a schema per side
/// (<c>ftgo</c>, <c>kitchen</c>, <c>delivery</c>) and each process's inbox/outbox in its own schema.
/// The queues are the system's own names, so this world clears them (and the error queue) first:
/// one such world per broker at a time (tests/run.sh runs the test projects one after another).
/// </summary>
public sealed class RabbitPostgresWorld : World
{
    private string? _database;

    protected override async Task<Dictionary<string, string?>> PrepareAsync()
    {
        var rabbit = RealEngines.RabbitMq;
        _database = await RealEngines.CreateDatabaseAsync();
        await Rabbit.DeleteAsync(RealEngines.RabbitMq, BusQueues);
        return new Dictionary<string, string?>
        {
            ["Ftgo:Storage"] = "postgres",
            ["Ftgo:Bus"] = "rabbitmq",
            ["ConnectionStrings:RabbitMq"] = rabbit,
            ["ConnectionStrings:Legacy"] = _database,
            ["ConnectionStrings:Kitchen"] = _database,
            ["ConnectionStrings:Delivery"] = _database,
        };
    }

    /// <summary>Each process listens to its queue on the broker (not to the database queues of the local bus).</summary>
    protected override async Task VerifyAsync()
    {
        foreach (var queue in BusQueues.Take(3))
        {
            Assert.True(await Rabbit.ConsumersAsync(RealEngines.RabbitMq, queue) >= 1, $"no process consumes the RabbitMQ queue '{queue}'");
        }
    }

    public override async Task<IReadOnlyList<string>> DeadLettersAsync()
    {
        var found = new List<string>();
        await using (var connection = new NpgsqlConnection(_database))
        {
            await connection.OpenAsync();
            foreach (var schema in new[] { "legacy", "kitchen", "delivery" })
            {
                await using var command = new NpgsqlCommand(
                    $"SELECT message_type || ': ' || COALESCE(exception_message, '') FROM {schema}.wolverine_dead_letters", connection);
                await using var reader = await command.ExecuteReaderAsync();
                while (await reader.ReadAsync())
                {
                    found.Add($"{schema}: {reader.GetString(0)}");
                }
            }
        }
        var inQueue = await Rabbit.CountAsync(RealEngines.RabbitMq, Ftgo.Messaging.FtgoMessagingExtensions.RabbitErrorQueue);
        if (inQueue > 0)
        {
            found.Add($"{inQueue} message(s) in {Ftgo.Messaging.FtgoMessagingExtensions.RabbitErrorQueue}");
        }
        return found;
    }

    protected override async Task CleanUpAsync()
    {
        if (_database is not null)
        {
            await RealEngines.DropDatabaseAsync(_database);
        }
    }
}

[CollectionDefinition(Name)]
public sealed class EmbeddedBus : ICollectionFixture<EmbeddedWorld>
{
    public const string Name = "embedded bus (one SQLite file)";
}

[CollectionDefinition(Name)]
public sealed class RabbitMqBus : ICollectionFixture<RabbitPostgresWorld>
{
    public const string Name = "RabbitMQ + PostgreSQL";
}
