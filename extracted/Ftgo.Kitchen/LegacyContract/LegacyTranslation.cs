using Ftgo.Glue.Acl;
using Ftgo.Kitchen.Tickets;
using TicketStates = Ftgo.Kitchen.Tickets.TicketStates;

namespace Ftgo.Kitchen.LegacyContract;

/// <summary>
/// Anti-corruption layer: the monolith's order states for the kitchen's ticket states, so that the
/// legacy-compatible routes say what the monolith would have said about the same order.
/// </summary>
public static class LegacyTranslation
{
    /// <summary>The monolith's order state for a ticket's: the glue's one translation (<see cref="OrderStateTranslation"/>).</summary>
    public static string OrderState(TicketState state) => OrderStateTranslation.ToLegacyState(TicketStates.Name(state), deliveryState: null);

    /// <summary>The monolith's sentence for an illegal transition, e.g. "Cannot accept order 5: it is ACCEPTED; this needs an order in state APPROVED."</summary>
    public static string IllegalTransition(IllegalTicketTransitionException e) =>
        $"Cannot {TicketCommands.Verb(e.Command)} order {e.TicketId}: it is {OrderState(e.Current)}; this needs an order in state {OrderState(e.Required)}.";
}
