namespace Ftgo.Kitchen.Tickets;

/// <summary>How the commands are worded.</summary>
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
