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
            new BusSetup("rabbitmq", "sqlite", $"Data Source={folder}/sender.db", TestServers.RabbitMq),
            new BusSetup("rabbitmq", "sqlite", $"Data Source={folder}/receiver.db", TestServers.RabbitMq),
            queue);
    }

    [Fact]
    public async Task Send_OverRabbitMq_WithPostgresStores_ArrivesInTheOtherHost()
    {
        await using var db = await TestServers.CreatePostgresDatabaseAsync();
        var queue = BusHosts.Unique("rt");
        // One database, one schema per process (Wolverine's tables in schema = service name).
        await RoundTrip(
            new BusSetup("rabbitmq", "postgres", db.ConnectionString, TestServers.RabbitMq),
            new BusSetup("rabbitmq", "postgres", db.ConnectionString, TestServers.RabbitMq),
            queue);
    }

    [Fact]
    public async Task Send_OverLocalBus_OnSharedPostgres_ArrivesInTheOtherHost()
    {
        await using var db = await TestServers.CreatePostgresDatabaseAsync();
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
