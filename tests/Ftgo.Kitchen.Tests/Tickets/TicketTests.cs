using Ftgo.Kitchen.Tickets;

namespace Ftgo.Kitchen.Tests.Tickets;

/// <summary>Every command from every state: legal moves change the state, the rest are refused and change nothing.</summary>
public sealed class TicketTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0);

    public static TheoryData<TicketCommand, TicketState> AllCommandsFromAllStates()
    {
        var data = new TheoryData<TicketCommand, TicketState>();
        foreach (var command in Enum.GetValues<TicketCommand>())
        {
            foreach (var state in Enum.GetValues<TicketState>())
            {
                data.Add(command, state);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllCommandsFromAllStates))]
    public void Command_FromEachState_MovesOnlyAlongTheTransitionTable(TicketCommand command, TicketState from)
    {
        var ticket = TicketIn(from);
        var legal = Ticket.Transitions[command].From == from;
        var cancelAgain = command == TicketCommand.Cancel && from == TicketState.Cancelled;

        var error = Record.Exception(() => Apply(ticket, command));

        if (legal)
        {
            Assert.Null(error);
            Assert.Equal(Ticket.Transitions[command].To, ticket.State);
            Assert.Equal(from, ticket.PreviousState);
        }
        else if (cancelAgain)
        {
            Assert.Null(error);
            Assert.Equal(TicketState.Cancelled, ticket.State);
        }
        else
        {
            var illegal = Assert.IsType<IllegalTicketTransitionException>(error);
            Assert.Equal(from, illegal.Current);
            Assert.Equal(Ticket.Transitions[command].From, illegal.Required);
            Assert.Equal(from, ticket.State);
        }
    }

    [Fact]
    public void Accept_WithReadyByNotInFuture_IsRefusedAndChangesNothing()
    {
        var ticket = TicketIn(TicketState.AwaitingAcceptance);
        var error = Assert.Throws<ReadyByNotInFutureException>(() => ticket.Accept(Now, Now));
        Assert.Equal("readyBy 2026-11-25T12:00:00 is not in the future.", error.Message);
        Assert.Equal(TicketState.AwaitingAcceptance, ticket.State);
        Assert.Null(ticket.ReadyBy);
    }

    [Fact]
    public void Accept_RecordsReadyByAndTimes_AndReturnsTheEvent()
    {
        var ticket = TicketIn(TicketState.AwaitingAcceptance);
        var accepted = ticket.Accept(Now.AddMinutes(30), Now);
        Assert.Equal((7L, Now.AddMinutes(30), Now), (accepted.OrderId, accepted.ReadyBy, accepted.AcceptTime));
        Assert.Equal(Now.AddMinutes(30), ticket.ReadyBy);
        Assert.Equal(Now, ticket.AcceptTime);
        Assert.Equal(Now.AddMinutes(1), ticket.Preparing(Now.AddMinutes(1)).PreparingTime);
        Assert.Equal(Now.AddMinutes(2), ticket.ReadyForPickup(Now.AddMinutes(2)).ReadyForPickupTime);
        ticket.PickedUp(Now.AddMinutes(3));
        Assert.Equal((Now.AddMinutes(1), Now.AddMinutes(2), Now.AddMinutes(3)),
            (ticket.PreparingTime, ticket.ReadyForPickupTime, ticket.PickedUpTime));
    }

    /// <summary>A ticket brought to <paramref name="state"/> through legal moves only.</summary>
    internal static Ticket TicketIn(TicketState state)
    {
        var ticket = Ticket.Create(7, 3, [new TicketLineItem("1", "Curry", 2)]);
        var path = state switch
        {
            TicketState.AwaitingAcceptance => [],
            TicketState.Accepted => [TicketCommand.Accept],
            TicketState.Preparing => [TicketCommand.Accept, TicketCommand.Preparing],
            TicketState.ReadyForPickup => [TicketCommand.Accept, TicketCommand.Preparing, TicketCommand.ReadyForPickup],
            TicketState.PickedUp => new[] { TicketCommand.Accept, TicketCommand.Preparing, TicketCommand.ReadyForPickup, TicketCommand.PickedUp },
            TicketState.Cancelled => [TicketCommand.Cancel],
            _ => throw new ArgumentOutOfRangeException(nameof(state)),
        };
        foreach (var command in path)
        {
            Apply(ticket, command);
        }
        Assert.Equal(state, ticket.State);
        return ticket;
    }

    private static void Apply(Ticket ticket, TicketCommand command)
    {
        switch (command)
        {
            case TicketCommand.Accept: ticket.Accept(Now.AddHours(1), Now); break;
            case TicketCommand.Preparing: ticket.Preparing(Now); break;
            case TicketCommand.ReadyForPickup: ticket.ReadyForPickup(Now); break;
            case TicketCommand.PickedUp: ticket.PickedUp(Now); break;
            case TicketCommand.Cancel: ticket.Cancel(); break;
        }
    }
}
