namespace Ftgo.Kitchen.Tickets;

/// <summary>A rule of the ticket was broken. Endpoints translate it into the wording of their contract.</summary>
public abstract class TicketRuleException(string message) : Exception(message);

/// <summary>The ticket is not in the state the command needs.</summary>
public sealed class IllegalTicketTransitionException(long ticketId, TicketCommand command, TicketState current, TicketState required)
    : TicketRuleException($"Cannot {TicketCommands.Verb(command)} ticket {ticketId}: it is {TicketStates.Name(current)}; this needs a ticket in state {TicketStates.Name(required)}.")
{
    public long TicketId { get; } = ticketId;
    public TicketCommand Command { get; } = command;
    public TicketState Current { get; } = current;
    public TicketState Required { get; } = required;
}

/// <summary>Accept was asked with a ready-by time that is not in the future.</summary>
public sealed class ReadyByNotInFutureException(DateTime readyBy)
    : TicketRuleException($"readyBy {readyBy:yyyy-MM-ddTHH:mm:ss} is not in the future.")
{
    public DateTime ReadyBy { get; } = readyBy;
}

public enum TicketCommand
{
    Accept,
    Preparing,
    ReadyForPickup,
    PickedUp,
    Cancel,
}

public static class TicketCommands
{
    /// <summary>The verb of a command as the monolith words it ("Cannot start preparing order 5 …").</summary>
    public static string Verb(TicketCommand command) => command switch
    {
        TicketCommand.Accept => "accept",
        TicketCommand.Preparing => "start preparing",
        TicketCommand.ReadyForPickup => "mark ready for pickup",
        TicketCommand.PickedUp => "mark picked up",
        TicketCommand.Cancel => "cancel",
        _ => throw new ArgumentOutOfRangeException(nameof(command)),
    };
}
