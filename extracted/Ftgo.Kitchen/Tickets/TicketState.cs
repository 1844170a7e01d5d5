namespace Ftgo.Kitchen.Tickets;

/// <summary>The states of a kitchen ticket (FTGO's <c>TicketState</c>), stored and shown upper-case.</summary>
public enum TicketState
{
    AwaitingAcceptance,
    Accepted,
    Preparing,
    ReadyForPickup,
    PickedUp,
    Cancelled,
}
