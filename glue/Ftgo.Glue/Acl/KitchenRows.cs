namespace Ftgo.Glue.Acl;

/// <summary>
/// A Kitchen ticket (schema <c>kitchen</c>): one per order, id = order id — the fields it shares with
/// the legacy order. Kitchen's own bookkeeping (<c>previous_state</c>) is not here: the legacy model
/// cannot express it (see <see cref="ForwardOnly.Ticket"/>).
/// </summary>
public sealed record TicketRow
{
    public required long Id { get; init; }
    public required string State { get; init; }
    public required long RestaurantId { get; init; }
    public DateTime? ReadyBy { get; init; }
    public DateTime? AcceptTime { get; init; }
    public DateTime? PreparingTime { get; init; }
    public DateTime? ReadyForPickupTime { get; init; }
    public DateTime? PickedUpTime { get; init; }
}

/// <summary>A line of a ticket: what to cook and how many. Kitchen keeps no prices.</summary>
public sealed record TicketLineItemRow(long TicketId, string MenuItemId, string Name, int Quantity);

/// <summary>The Ticket states of the Kitchen model.</summary>
public static class TicketStates
{
    public const string AwaitingAcceptance = "AWAITING_ACCEPTANCE";
    public const string Accepted = "ACCEPTED";
    public const string Preparing = "PREPARING";
    public const string ReadyForPickup = "READY_FOR_PICKUP";
    public const string PickedUp = "PICKED_UP";
    public const string Cancelled = "CANCELLED";

    public static readonly IReadOnlyList<string> All = [AwaitingAcceptance, Accepted, Preparing, ReadyForPickup, PickedUp, Cancelled];
}
