namespace Ftgo.Messaging.Routing;

/// <summary>The queues of the FTGO bus: one per process, named after the process that listens to it.</summary>
public static class Queues
{
    /// <summary>The monolith: the events it applies to its own tables (new → legacy sync).</summary>
    public const string Legacy = "legacy";

    /// <summary>The Kitchen service: ticket commands and the order events that open and cancel tickets.</summary>
    public const string Kitchen = "kitchen";

    /// <summary>The Delivery service: delivery commands.</summary>
    public const string Delivery = "delivery";
}
