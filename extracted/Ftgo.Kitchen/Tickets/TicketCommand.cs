namespace Ftgo.Kitchen.Tickets;

/// <summary>The commands of a ticket's state machine (<see cref="Ticket.Transitions"/>).</summary>
public enum TicketCommand
{
    Accept,
    Preparing,
    ReadyForPickup,
    PickedUp,
    Cancel,
}
