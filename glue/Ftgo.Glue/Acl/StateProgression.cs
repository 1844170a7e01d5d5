namespace Ftgo.Glue.Acl;

/// <summary>
/// The states of one model in the order its aggregates move through them, with the terminal state
/// last: the ranking that both directions of sync use to move <b>forward only</b>. The CDC applier
/// (legacy → new) never moves a ticket or a delivery back to a state it has left, and the glue
/// handlers (new → legacy, <c>LegacySync</c>) never move a legacy order back: an older image or a
/// redelivered event then changes nothing, and the two sides converge.
/// <para>
/// Nothing in FTGO's rules moves an aggregate backwards: every transition goes one step along the
/// progression, or to the terminal <c>CANCELLED</c> (revise changes line items, not the state).
/// <c>CANCELLED</c> ranks above every other state: once cancelled nothing moves the aggregate again,
/// and a cancellation, which only the monolith decides, is taken from any state (a race between a
/// legacy cancel and a new-side accept ends cancelled on both sides, as the monolith refuses the
/// accept of a cancelled order).
/// </para>
/// </summary>
public sealed class StateProgression
{
    /// <summary>Kitchen's ticket: AWAITING_ACCEPTANCE → ACCEPTED → PREPARING → READY_FOR_PICKUP → PICKED_UP; CANCELLED terminal.</summary>
    public static readonly StateProgression Ticket = new(
        [TicketStates.AwaitingAcceptance, TicketStates.Accepted, TicketStates.Preparing, TicketStates.ReadyForPickup, TicketStates.PickedUp],
        TicketStates.Cancelled);

    /// <summary>Delivery's delivery: PENDING → SCHEDULED → PICKED_UP → DELIVERED; CANCELLED terminal.</summary>
    public static readonly StateProgression Delivery = new(
        [DeliveryStates.Pending, DeliveryStates.Scheduled, DeliveryStates.PickedUp, DeliveryStates.Delivered],
        DeliveryStates.Cancelled);

    /// <summary>The monolith's order: APPROVED → ACCEPTED → PREPARING → READY_FOR_PICKUP → PICKED_UP → DELIVERED; CANCELLED terminal.</summary>
    public static readonly StateProgression LegacyOrder = new(
        [LegacyOrderStates.Approved, LegacyOrderStates.Accepted, LegacyOrderStates.Preparing, LegacyOrderStates.ReadyForPickup,
            LegacyOrderStates.PickedUp, LegacyOrderStates.Delivered],
        LegacyOrderStates.Cancelled);

    private StateProgression(IReadOnlyList<string> forward, string terminal)
    {
        Ranked = [.. forward, terminal];
        Terminal = terminal;
    }

    /// <summary>Every state, lowest rank first; the terminal state is last.</summary>
    public IReadOnlyList<string> Ranked { get; }

    /// <summary>The state nothing leaves (<c>CANCELLED</c>).</summary>
    public string Terminal { get; }

    /// <summary>The position of <paramref name="state"/> along the progression; -1 for null or a state of another model.</summary>
    public int Rank(string? state)
    {
        for (var i = 0; i < Ranked.Count; i++)
        {
            if (string.Equals(Ranked[i], state, StringComparison.Ordinal))
            {
                return i;
            }
        }
        return -1;
    }

    /// <summary>
    /// The state after <paramref name="incoming"/> meets <paramref name="current"/>: the incoming one
    /// unless it lies behind the current one.
    /// </summary>
    public string Forward(string? current, string incoming) => Rank(incoming) >= Rank(current) ? incoming : current!;
}
