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

public static class TicketStates
{
    public static string Name(TicketState state) => System.Text.Json.JsonNamingPolicy.SnakeCaseUpper.ConvertName(state.ToString());

    public static TicketState Parse(string name) =>
        Enum.GetValues<TicketState>().FirstOrDefault(s => Name(s) == name, (TicketState)(-1)) is var state && state >= 0
            ? state
            : throw new FormatException($"Unknown ticket state '{name}'.");
}
