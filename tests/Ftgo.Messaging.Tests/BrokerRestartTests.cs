using Ftgo.Messaging.OutboxChild;
using Ftgo.Messaging.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Wolverine;

namespace Ftgo.Messaging.Tests;

/// <summary>RabbitMQ stopped and started again in the middle of a stream: no message lost, none handled twice.</summary>
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
}
