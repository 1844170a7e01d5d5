using Ftgo.Glue.Contracts;

namespace Ftgo.Kitchen.Tickets;

/// <summary>
/// The kitchen's view of an order (FTGO's <c>Ticket</c>; id = order id). Its state machine is the
/// transition table below; every other move is an <see cref="IllegalTicketTransitionException"/>.
/// Each accepted command returns the event to publish.
/// </summary>
public sealed class Ticket
{
    /// <summary>command → (the state it needs, the state it leads to).</summary>
    public static readonly IReadOnlyDictionary<TicketCommand, (TicketState From, TicketState To)> Transitions =
        new Dictionary<TicketCommand, (TicketState, TicketState)>
        {
            [TicketCommand.Accept] = (TicketState.AwaitingAcceptance, TicketState.Accepted),
            [TicketCommand.Preparing] = (TicketState.Accepted, TicketState.Preparing),
            [TicketCommand.ReadyForPickup] = (TicketState.Preparing, TicketState.ReadyForPickup),
            [TicketCommand.PickedUp] = (TicketState.ReadyForPickup, TicketState.PickedUp),
            [TicketCommand.Cancel] = (TicketState.AwaitingAcceptance, TicketState.Cancelled),
        };

    private readonly List<TicketLineItem> _lineItems = [];

    public long Id { get; private set; }
    public long RestaurantId { get; private set; }
    public TicketState State { get; private set; }
    public TicketState? PreviousState { get; private set; }
    public DateTime? ReadyBy { get; private set; }
    public DateTime? AcceptTime { get; private set; }
    public DateTime? PreparingTime { get; private set; }
    public DateTime? ReadyForPickupTime { get; private set; }
    public DateTime? PickedUpTime { get; private set; }
    public int Version { get; private set; }

    public IReadOnlyList<TicketLineItem> LineItems => _lineItems;

    private Ticket() { }

    public static Ticket Create(long orderId, long restaurantId, IEnumerable<TicketLineItem> lineItems)
    {
        var ticket = new Ticket { Id = orderId, RestaurantId = restaurantId, State = TicketState.AwaitingAcceptance, Version = 1 };
        ticket._lineItems.AddRange(lineItems);
        return ticket;
    }

    public TicketAccepted Accept(DateTime readyBy, DateTime now)
    {
        Require(TicketCommand.Accept);
        if (readyBy <= now)
        {
            throw new ReadyByNotInFutureException(readyBy);
        }
        ReadyBy = readyBy;
        AcceptTime = now;
        Move(TicketCommand.Accept);
        return new TicketAccepted(Id, readyBy, now);
    }

    public TicketPreparing Preparing(DateTime now)
    {
        Require(TicketCommand.Preparing);
        PreparingTime = now;
        Move(TicketCommand.Preparing);
        return new TicketPreparing(Id, now);
    }

    public TicketReadyForPickup ReadyForPickup(DateTime now)
    {
        Require(TicketCommand.ReadyForPickup);
        ReadyForPickupTime = now;
        Move(TicketCommand.ReadyForPickup);
        return new TicketReadyForPickup(Id, now);
    }

    public void PickedUp(DateTime time)
    {
        Require(TicketCommand.PickedUp);
        PickedUpTime = time;
        Move(TicketCommand.PickedUp);
    }

    /// <summary>The order was cancelled. Cancelling a cancelled ticket changes nothing (redelivered events).</summary>
    public void Cancel()
    {
        if (State == TicketState.Cancelled)
        {
            return;
        }
        Require(TicketCommand.Cancel);
        Move(TicketCommand.Cancel);
    }

    private void Require(TicketCommand command)
    {
        var required = Transitions[command].From;
        if (State != required)
        {
            throw new IllegalTicketTransitionException(Id, command, State, required);
        }
    }

    private void Move(TicketCommand command)
    {
        PreviousState = State;
        State = Transitions[command].To;
        Version++;
    }
}
