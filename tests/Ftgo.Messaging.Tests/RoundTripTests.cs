using Ftgo.Messaging.OutboxChild;
using Ftgo.Messaging.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Wolverine;

namespace Ftgo.Messaging.Tests;

/// <summary>Two processes (two hosts, each with its own store) talk over each bus and store.</summary>
public sealed class RoundTripTests
{
    [Fact]
    public async Task Send_OverRabbitMq_WithSqliteStores_ArrivesInTheOtherHost()
    {
        var folder = Directory.CreateTempSubdirectory("ftgo-msg-").FullName;
        var queue = BusHosts.Unique("rt");
        await RoundTrip(
            new BusSetup("rabbitmq", "sqlite", $"Data Source={folder}/sender.db", RealEngines.RabbitMq),
            new BusSetup("rabbitmq", "sqlite", $"Data Source={folder}/receiver.db", RealEngines.RabbitMq),
            queue);
    }

    [Fact]
    public async Task Send_OverRabbitMq_WithPostgresStores_ArrivesInTheOtherHost()
    {
        await using var db = await TestDatabase.CreateAsync(Store.Postgres, "messaging");
        var queue = BusHosts.Unique("rt");
        // One database, one schema per process (Wolverine's tables in schema = service name).
        await RoundTrip(
            new BusSetup("rabbitmq", "postgres", db.ConnectionString, RealEngines.RabbitMq),
            new BusSetup("rabbitmq", "postgres", db.ConnectionString, RealEngines.RabbitMq),
            queue);
    }

    [Fact]
    public async Task Send_OverLocalBus_OnSharedPostgres_ArrivesInTheOtherHost()
    {
        await using var db = await TestDatabase.CreateAsync(Store.Postgres, "messaging");
        var queue = BusHosts.Unique("rt");
        await RoundTrip(
            new BusSetup("local", "postgres", db.ConnectionString, null),
            new BusSetup("local", "postgres", db.ConnectionString, null),
            queue);
    }

    [Fact]
    public async Task Send_OverLocalBus_OnSharedSqliteFile_ArrivesInTheOtherHost()
    {
        var folder = Directory.CreateTempSubdirectory("ftgo-msg-").FullName;
        var queue = BusHosts.Unique("rt");
        await RoundTrip(
            new BusSetup("local", "sqlite", $"Data Source={folder}/bus.db", null),
            new BusSetup("local", "sqlite", $"Data Source={folder}/bus.db", null),
            queue);
    }

    /// <summary>
    /// Services on one SQLite file share the queue tables, not the inbox: each service's Wolverine tables carry its
    /// name. A Solo node releases its envelopes when it starts; with one shared inbox that released a message
    /// another service was handling, and the starting node's recovery took it into its own local queue, where no
    /// handler of the right service ran it (a lost message, seen when the demo killed and restarted the monolith).
    /// </summary>
    [Fact]
    public async Task OnSharedSqliteFile_AnotherServiceStarting_LeavesThisServicesInboxAlone()
    {
        var folder = Directory.CreateTempSubdirectory("ftgo-msg-").FullName;
        var setup = new BusSetup("local", "sqlite", $"Data Source={folder}/bus.db", null);
        var queue = BusHosts.Unique("held");
        var run = Guid.NewGuid();
        ProbeLog.Hold(run);
        try
        {
            using var receiver = await BusHosts.StartAsync(setup, queue, queue);
            await receiver.Services.GetRequiredService<IMessageBus>().PublishAsync(new Probe(run, 1));
            var inbox = $"{queue}_wolverine_incoming_envelopes";
            var owned = $"SELECT count(*) FROM {inbox} WHERE status = 'Incoming' AND owner_id <> 0";
            await Eventually.UntilAsync(() => ScalarAsync(setup, owned), n => n == 1, "the probe in the receiver's inbox, owned",
                TimeSpan.FromSeconds(20));

            // Another service starts on the same file: its start releases and recovers its own envelopes only.
            using var other = await BusHosts.StartAsync(setup, BusHosts.Unique("other"), BusHosts.Unique("other"));
            Assert.Equal(1, await ScalarAsync(setup, owned));

            ProbeLog.Release(run);
            var handled = await Eventually.UntilAsync(() => Task.FromResult(ProbeLog.HandledOf(run)), h => h.Count > 0,
                "the held probe handled", TimeSpan.FromSeconds(20));
            Assert.Equal([1], handled);
            Assert.Equal(1, await ScalarAsync(setup, $"SELECT count(*) FROM {inbox} WHERE status = 'Handled'"));
        }
        finally
        {
            ProbeLog.Release(run);
        }
    }

    private static async Task<long> ScalarAsync(BusSetup setup, string sql)
    {
        await using var connection = new Microsoft.Data.Sqlite.SqliteConnection(setup.ConnectionString);
        await connection.OpenAsync();
        await using var command = new Microsoft.Data.Sqlite.SqliteCommand(sql, connection);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    private static async Task RoundTrip(BusSetup senderSetup, BusSetup receiverSetup, string queue)
    {
        using var receiver = await BusHosts.StartAsync(receiverSetup, queue, queue);
        using var sender = await BusHosts.StartAsync(senderSetup, BusHosts.Unique("sender"), queue, listen: false);
        var run = Guid.NewGuid();

        foreach (var seq in Enumerable.Range(1, 5))
        {
            await sender.Services.GetRequiredService<IMessageBus>().PublishAsync(new Probe(run, seq));
        }

        var handled = await Eventually.UntilAsync(() => Task.FromResult(ProbeLog.HandledOf(run)), h => h.Count >= 5,
            $"5 probes over {receiverSetup}", TimeSpan.FromSeconds(30));
        Assert.Equal([1, 2, 3, 4, 5], handled.Order());
        await sender.StopAsync();
        await receiver.StopAsync();
    }
}
