namespace Ftgo.Kitchen.Tickets;

/// <summary>The ticket is not in the state the command needs.</summary>
public sealed class IllegalTicketTransitionException(long ticketId, TicketCommand command, TicketState current, TicketState required)
    : TicketRuleException($"Cannot {TicketCommands.Verb(command)} ticket {ticketId}: it is {TicketStates.Name(current)}; this needs a ticket in state {TicketStates.Name(required)}.")
{
    public long TicketId { get; } = ticketId;
    public TicketCommand Command { get; } = command;
    public TicketState Current { get; } = current;
    public TicketState Required { get; } = required;
}
