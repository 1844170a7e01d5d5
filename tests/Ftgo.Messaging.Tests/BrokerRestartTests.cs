using Ftgo.Messaging.OutboxChild;
using Ftgo.Messaging.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Testing;
using Wolverine;

namespace Ftgo.Messaging.Tests;

/// <summary>
/// RabbitMQ stopped and started again in the middle of a stream, or refusing a message: no message
/// lost, none handled twice.
/// </summary>
public sealed class BrokerRestartTests
{
    [Fact]
    public async Task BrokerRestartedMidStream_LosesNoMessage()
    {
        await using var broker = await PrivateRabbitNode.StartAsync();
        var folder = Directory.CreateTempSubdirectory("ftgo-msg-").FullName;
        var queue = BusHosts.Unique("restart");
        var run = Guid.NewGuid();
        using var receiver = await BusHosts.StartAsync(
            new BusSetup("rabbitmq", "sqlite", $"Data Source={folder}/receiver.db", broker.Uri), queue, queue);
        using var sender = await BusHosts.StartAsync(
            new BusSetup("rabbitmq", "sqlite", $"Data Source={folder}/sender.db", broker.Uri), BusHosts.Unique("sender"), queue, listen: false);

        async Task Publish(int seq)
        {
            await using var scope = sender.Services.CreateAsyncScope();
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().PublishAsync(new Probe(run, seq));
        }

        foreach (var seq in Enumerable.Range(1, 10))
        {
            await Publish(seq);
        }
        await Eventually.UntilAsync(() => Task.FromResult(ProbeLog.HandledOf(run)), h => h.Count >= 10, "the first 10", TimeSpan.FromSeconds(30));

        await broker.StopAsync();
        // Published while the broker is down: they wait in the sender's outbox.
        foreach (var seq in Enumerable.Range(11, 20))
        {
            await Publish(seq);
        }
        await broker.StartAgainAsync();

        var handled = await Eventually.UntilAsync(() => Task.FromResult(ProbeLog.HandledOf(run)), h => h.Distinct().Count() >= 30,
            "all 30 after the restart", TimeSpan.FromSeconds(90));
        Assert.Equal(Enumerable.Range(1, 30), handled.Order());

        await sender.StopAsync();
        await receiver.StopAsync();
    }

    /// <summary>
    /// A message the broker does not take (here a queue full and set to refuse publishes; in production a
    /// broker going down before it persisted the message) stays in the sender's outbox and is sent again.
    /// Without publisher confirms the sender counts a publish written to its socket as sent, deletes it
    /// from the outbox and the message is gone.
    /// </summary>
    [Fact]
    public async Task BrokerRefusesAMessage_ItStaysInTheOutboxAndIsDeliveredOnceTheBrokerTakesIt()
    {
        await using var broker = await PrivateRabbitNode.StartAsync();
        var folder = Directory.CreateTempSubdirectory("ftgo-msg-").FullName;
        var queue = BusHosts.Unique("refused");
        var run = Guid.NewGuid();
        using var receiver = await BusHosts.StartAsync(
            new BusSetup("rabbitmq", "sqlite", $"Data Source={folder}/receiver.db", broker.Uri), queue, queue);
        using var logs = new FakeLoggerProvider();
        using var sender = await BusHosts.StartAsync(
            new BusSetup("rabbitmq", "sqlite", $"Data Source={folder}/sender.db", broker.Uri), BusHosts.Unique("sender"), queue, listen: false,
            logs: logs);
        await broker.CtlAsync("set_policy", "refuse", $"^{queue}$", """{"max-length":0,"overflow":"reject-publish"}""", "--apply-to", "queues");

        await using (var scope = sender.Services.CreateAsyncScope())
        {
            await scope.ServiceProvider.GetRequiredService<IMessageBus>().PublishAsync(new Probe(run, 1));
        }
        // The broker's refusal reaches the sender as a failed publish.
        await Eventually.UntilAsync(() => Task.FromResult(logs.Collector.GetSnapshot().Any(r => r.Exception is RabbitMQ.Client.Exceptions.PublishException)),
            refused => refused, "the sender to hear that the broker refused the message", TimeSpan.FromSeconds(30));
        Assert.Empty(ProbeLog.HandledOf(run));

        await broker.CtlAsync("clear_policy", "refuse");
        var handled = await Eventually.UntilAsync(() => Task.FromResult(ProbeLog.HandledOf(run)), h => h.Count >= 1,
            "the refused message, sent again once the broker takes it", TimeSpan.FromSeconds(60));
        Assert.Equal([1], handled);

        await sender.StopAsync();
        await receiver.StopAsync();
    }
}
