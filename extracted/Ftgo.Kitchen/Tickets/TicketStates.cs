namespace Ftgo.Kitchen.Tickets;

/// <summary>The stored and shown names of the ticket states (upper snake case, as the monolith writes them).</summary>
public static class TicketStates
{
    public static string Name(TicketState state) => System.Text.Json.JsonNamingPolicy.SnakeCaseUpper.ConvertName(state.ToString());

    public static TicketState Parse(string name) =>
        Enum.GetValues<TicketState>().FirstOrDefault(s => Name(s) == name, (TicketState)(-1)) is var state && state >= 0
            ? state
            : throw new FormatException($"Unknown ticket state '{name}'.");
}
