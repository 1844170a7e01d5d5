using Ftgo.Messaging.OutboxChild;
using Ftgo.Messaging.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RabbitMQ.Client;
using Wolverine;
using Wolverine.RabbitMQ;

namespace Ftgo.Messaging.Tests;

/// <summary>Duplicates and poison messages on RabbitMQ, with the inbox in SQLite.</summary>
public sealed class InboxTests
{
    [Fact]
    public async Task DuplicateDelivery_OfTheSameEnvelope_IsHandledOnce()
    {
        var rabbit = RealEngines.RabbitMq;
        var folder = Directory.CreateTempSubdirectory("ftgo-msg-").FullName;
        var queue = BusHosts.Unique("dup");
        var run = Guid.NewGuid();
        try
        {
            using var sender = await BusHosts.StartAsync(
                new BusSetup("rabbitmq", "sqlite", $"Data Source={folder}/sender.db", rabbit), BusHosts.Unique("sender"), queue, listen: false);
            await sender.Services.GetRequiredService<IMessageBus>().PublishAsync(new Probe(run, 1));
            await Eventually.UntilAsync(() => Rabbit.CountAsync(rabbit, queue), n => n == 1, "the probe on the queue", TimeSpan.FromSeconds(20));

            // The broker delivers the very same envelope twice (as after a lost ack).
            await Rabbit.WithChannelAsync(rabbit, async ch =>
            {
                var original = await ch.BasicGetAsync(queue, autoAck: true) ?? throw new InvalidOperationException("queue empty");
                var properties = new BasicProperties(original.BasicProperties);
                await ch.BasicPublishAsync("", queue, false, properties, original.Body);
                await ch.BasicPublishAsync("", queue, false, properties, original.Body);
                return true;
            });
            // A marker behind them: with one message at a time, once it is handled both copies were consumed.
            await sender.Services.GetRequiredService<IMessageBus>().PublishAsync(new Probe(run, 2));
            await Eventually.UntilAsync(() => Rabbit.CountAsync(rabbit, queue), n => n == 3, "two copies and the marker", TimeSpan.FromSeconds(20));

            using var receiver = await BusHosts.StartAsync(
                new BusSetup("rabbitmq", "sqlite", $"Data Source={folder}/receiver.db", rabbit), queue, queue,
                customize: o => o.ListenToRabbitQueue(queue).Sequential());

            var handled = await Eventually.UntilAsync(() => Task.FromResult(ProbeLog.HandledOf(run)), h => h.Contains(2),
                "the marker", TimeSpan.FromSeconds(30));
            Assert.Equal([1, 2], handled.Order());
        }
        finally
        {
            await Rabbit.DeleteAsync(rabbit, queue);
        }
    }

    [Fact]
    public async Task PoisonMessage_AfterItsRetries_LandsInTheErrorQueue_AndLaterMessagesFlow()
    {
        var rabbit = RealEngines.RabbitMq;
        var folder = Directory.CreateTempSubdirectory("ftgo-msg-").FullName;
        var queue = BusHosts.Unique("poison");
        var run = Guid.NewGuid();
        try
        {
            using var receiver = await BusHosts.StartAsync(
                new BusSetup("rabbitmq", "sqlite", $"Data Source={folder}/receiver.db", rabbit), queue, queue);
            using var sender = await BusHosts.StartAsync(
                new BusSetup("rabbitmq", "sqlite", $"Data Source={folder}/sender.db", rabbit), BusHosts.Unique("sender"), queue, listen: false);
            var bus = sender.Services.GetRequiredService<IMessageBus>();

            await bus.PublishAsync(new Poison(run));
            foreach (var seq in Enumerable.Range(1, 10))
            {
                await bus.PublishAsync(new Probe(run, seq));
            }

            var handled = await Eventually.UntilAsync(() => Task.FromResult(ProbeLog.HandledOf(run)), h => h.Count >= 10,
                "the probes behind the poison", TimeSpan.FromSeconds(30));
            Assert.Equal(Enumerable.Range(1, 10), handled.Order());
            var dead = await Eventually.UntilAsync(() => Rabbit.TakeAsync(rabbit, FtgoMessagingExtensions.RabbitErrorQueue, run.ToString()),
                body => body is not null, "the poison in the error queue", TimeSpan.FromSeconds(30));
            Assert.Contains("ftgo.test.poison.v1", dead);
            // First attempt plus one per configured retry, then no more.
            Assert.Equal(1 + BusHosts.FastRetries.Length, ProbeLog.PoisonAttemptsOf(run));
        }
        finally
        {
            await Rabbit.DeleteAsync(rabbit, queue);
        }
    }
}
