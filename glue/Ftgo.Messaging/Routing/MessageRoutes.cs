using Ftgo.Glue.Contracts;

namespace Ftgo.Messaging.Routing;

/// <summary>
/// The subscriptions of the whole system in one table: which queue(s) each message goes to. Every
/// process publishes by this table and listens to its own queue, so adding a consumer is one line here.
/// </summary>
public static class MessageRoutes
{
    public static IReadOnlyDictionary<Type, IReadOnlyList<string>> Table { get; } = new Dictionary<Type, IReadOnlyList<string>>
    {
        // Monolith → Kitchen
        [typeof(CreateTicket)] = [Queues.Kitchen],
        [typeof(OrderCreated)] = [Queues.Kitchen],
        [typeof(OrderCancelled)] = [Queues.Kitchen],

        // Monolith → Delivery
        [typeof(ScheduleDelivery)] = [Queues.Delivery],
        [typeof(CancelDelivery)] = [Queues.Delivery],

        // Kitchen → monolith
        [typeof(TicketAccepted)] = [Queues.Legacy],
        [typeof(TicketPreparing)] = [Queues.Legacy],
        [typeof(TicketReadyForPickup)] = [Queues.Legacy],

        // Delivery → monolith
        [typeof(CourierScheduledForDelivery)] = [Queues.Legacy],
        [typeof(DeliveryPickedUp)] = [Queues.Legacy],
        [typeof(DeliveryDelivered)] = [Queues.Legacy],
        [typeof(CourierAvailabilityChanged)] = [Queues.Legacy],
    };
}
