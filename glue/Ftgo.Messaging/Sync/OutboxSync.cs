using Ftgo.Hosting.Sync;
using Wolverine;
using Wolverine.Runtime;

namespace Ftgo.Messaging.Sync;

/// <summary>Adds the messages a unit of work is about to commit to its request's sync positions.</summary>
public static class OutboxSync
{
    /// <summary>Call just before the outbox commits: the envelopes still outstanding are the ones it will send.</summary>
    public static void Remember(this SyncPositions positions, IMessageBus outbox)
    {
        if (outbox is not MessageBus bus)
        {
            return;
        }
        foreach (var envelope in bus.Outstanding)
        {
            if (envelope.Destination is { } destination)
            {
                positions.Add(new SyncMessage(QueueOf(destination), envelope.Id));
            }
        }
    }

    /// <summary>The queue an endpoint URI names: <c>rabbitmq://queue/legacy</c>, <c>sqlite://legacy</c>, <c>postgresql://legacy/db</c>.</summary>
    public static string QueueOf(Uri destination) =>
        destination.Scheme == "rabbitmq" ? destination.Segments[^1].Trim('/') : destination.Host;
}
