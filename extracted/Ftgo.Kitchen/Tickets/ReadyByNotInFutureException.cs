namespace Ftgo.Kitchen.Tickets;

/// <summary>Accept was asked with a ready-by time that is not in the future.</summary>
public sealed class ReadyByNotInFutureException(DateTime readyBy)
    : TicketRuleException($"readyBy {readyBy:yyyy-MM-ddTHH:mm:ss} is not in the future.")
{
    public DateTime ReadyBy { get; } = readyBy;
}
