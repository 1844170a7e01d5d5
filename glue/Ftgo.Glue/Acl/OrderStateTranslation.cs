namespace Ftgo.Glue.Acl;

/// <summary>
/// The one place where the legacy order state meets the new models' states. The legacy order
/// carries the kitchen's and the delivery's progress in one column; Kitchen's Ticket and
/// Delivery's Delivery each hold their half:
/// <code>
/// legacy            ticket                delivery
/// APPROVED          AWAITING_ACCEPTANCE   PENDING
/// ACCEPTED          ACCEPTED              SCHEDULED (PENDING while no courier is assigned)
/// PREPARING         PREPARING             SCHEDULED
/// READY_FOR_PICKUP  READY_FOR_PICKUP      SCHEDULED
/// PICKED_UP         PICKED_UP             PICKED_UP
/// DELIVERED         PICKED_UP             DELIVERED
/// CANCELLED         CANCELLED             CANCELLED
/// </code>
/// and back, the delivery's state decides once the food left the kitchen, the ticket's before.
/// </summary>
public static class OrderStateTranslation
{
    public static string ToTicketState(string legacyState) => legacyState switch
    {
        LegacyOrderStates.Approved => TicketStates.AwaitingAcceptance,
        LegacyOrderStates.Accepted => TicketStates.Accepted,
        LegacyOrderStates.Preparing => TicketStates.Preparing,
        LegacyOrderStates.ReadyForPickup => TicketStates.ReadyForPickup,
        LegacyOrderStates.PickedUp or LegacyOrderStates.Delivered => TicketStates.PickedUp,
        LegacyOrderStates.Cancelled => TicketStates.Cancelled,
        _ => throw Unknown("legacy order", legacyState),
    };

    public static string ToDeliveryState(string legacyState, bool courierAssigned) => legacyState switch
    {
        LegacyOrderStates.Approved => DeliveryStates.Pending,
        LegacyOrderStates.Accepted or LegacyOrderStates.Preparing or LegacyOrderStates.ReadyForPickup =>
            courierAssigned ? DeliveryStates.Scheduled : DeliveryStates.Pending,
        LegacyOrderStates.PickedUp => DeliveryStates.PickedUp,
        LegacyOrderStates.Delivered => DeliveryStates.Delivered,
        LegacyOrderStates.Cancelled => DeliveryStates.Cancelled,
        _ => throw Unknown("legacy order", legacyState),
    };

    /// <summary>The legacy state of an order from whichever halves are known (at least one).</summary>
    public static string ToLegacyState(string? ticketState, string? deliveryState)
    {
        if (ticketState is null && deliveryState is null)
        {
            throw new ArgumentException("A legacy state needs the ticket's state, the delivery's state, or both.");
        }
        if (ticketState is not null && !TicketStates.All.Contains(ticketState))
        {
            throw Unknown("ticket", ticketState);
        }
        if (deliveryState is not null && !DeliveryStates.All.Contains(deliveryState))
        {
            throw Unknown("delivery", deliveryState);
        }
        return (ticketState, deliveryState) switch
        {
            (_, DeliveryStates.Delivered) => LegacyOrderStates.Delivered,
            (TicketStates.Cancelled, _) or (_, DeliveryStates.Cancelled) => LegacyOrderStates.Cancelled,
            (_, DeliveryStates.PickedUp) or (TicketStates.PickedUp, _) => LegacyOrderStates.PickedUp,
            (TicketStates.ReadyForPickup, _) => LegacyOrderStates.ReadyForPickup,
            (TicketStates.Preparing, _) => LegacyOrderStates.Preparing,
            (TicketStates.Accepted, _) => LegacyOrderStates.Accepted,
            (TicketStates.AwaitingAcceptance, _) => LegacyOrderStates.Approved,
            (null, DeliveryStates.Scheduled) => LegacyOrderStates.Accepted,
            _ => LegacyOrderStates.Approved,
        };
    }

    private static FormatException Unknown(string what, string state) => new($"Unknown {what} state '{state}'.");
}
