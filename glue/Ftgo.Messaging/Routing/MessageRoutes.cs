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
        // Monolith → Kitchen (and Delivery, which opens a pending delivery per order)
        [typeof(CreateTicket)] = [Queues.Kitchen],
        [typeof(OrderCreated)] = [Queues.Kitchen, Queues.Delivery],
        [typeof(OrderCancelled)] = [Queues.Kitchen],

        // Monolith → Delivery
        [typeof(ScheduleDelivery)] = [Queues.Delivery],
        [typeof(CancelDelivery)] = [Queues.Delivery],

        // Kitchen → monolith (and Delivery: a courier may only pick up food declared ready)
        [typeof(TicketAccepted)] = [Queues.Legacy],
        [typeof(TicketPreparing)] = [Queues.Legacy, Queues.Delivery],
        [typeof(TicketReadyForPickup)] = [Queues.Legacy, Queues.Delivery],

        // Delivery → monolith
        [typeof(CourierScheduledForDelivery)] = [Queues.Legacy],
        [typeof(DeliveryPickedUp)] = [Queues.Legacy, Queues.Kitchen],
        [typeof(DeliveryDelivered)] = [Queues.Legacy],
        [typeof(CourierCreated)] = [Queues.Legacy],
        [typeof(CourierAvailabilityChanged)] = [Queues.Legacy],
    };
}
