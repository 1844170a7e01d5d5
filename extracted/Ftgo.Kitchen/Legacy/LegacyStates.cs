using Ftgo.Kitchen.Tickets;

namespace Ftgo.Kitchen.Legacy;

/// <summary>
/// Anti-corruption layer: the monolith's order states for the kitchen's ticket states, so that the
/// legacy-compatible routes say what the monolith would have said about the same order.
/// </summary>
public static class LegacyStates
{
    public static string OrderState(TicketState state) => state switch
    {
        TicketState.AwaitingAcceptance => "APPROVED",
        TicketState.Accepted => "ACCEPTED",
        TicketState.Preparing => "PREPARING",
        TicketState.ReadyForPickup => "READY_FOR_PICKUP",
        TicketState.PickedUp => "PICKED_UP",
        TicketState.Cancelled => "CANCELLED",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    /// <summary>The monolith's sentence for an illegal transition, e.g. "Cannot accept order 5: it is ACCEPTED; this needs an order in state APPROVED."</summary>
    public static string IllegalTransition(IllegalTicketTransitionException e) =>
        $"Cannot {TicketCommands.Verb(e.Command)} order {e.TicketId}: it is {OrderState(e.Current)}; this needs an order in state {OrderState(e.Required)}.";
}
