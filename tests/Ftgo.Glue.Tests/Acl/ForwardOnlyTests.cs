using Ftgo.Glue.Acl;

namespace Ftgo.Glue.Tests.Acl;

/// <summary>The forward-only rule of the ACL: the rankings, and how a legacy value meets a stored one.</summary>
public sealed class ForwardOnlyTests
{
    [Theory]
    [InlineData("PREPARING", "ACCEPTED", "PREPARING")]             // a stale image: kept
    [InlineData("ACCEPTED", "AWAITING_ACCEPTANCE", "ACCEPTED")]
    [InlineData("PICKED_UP", "READY_FOR_PICKUP", "PICKED_UP")]
    [InlineData("ACCEPTED", "READY_FOR_PICKUP", "READY_FOR_PICKUP")] // forward: taken
    [InlineData("PREPARING", "PREPARING", "PREPARING")]
    [InlineData("CANCELLED", "AWAITING_ACCEPTANCE", "CANCELLED")]   // terminal
    [InlineData("ACCEPTED", "CANCELLED", "CANCELLED")]              // the monolith's cancel wins a race
    [InlineData(null, "ACCEPTED", "ACCEPTED")]
    public void Ticket_StateMovesForwardOnly(string? current, string incoming, string expected) =>
        Assert.Equal(expected, ForwardOnly.Ticket.Merge("state", current, incoming));

    [Theory]
    [InlineData("SCHEDULED", "PENDING", "SCHEDULED")]
    [InlineData("DELIVERED", "PICKED_UP", "DELIVERED")]
    [InlineData("SCHEDULED", "PICKED_UP", "PICKED_UP")]
    [InlineData("CANCELLED", "SCHEDULED", "CANCELLED")]
    public void Delivery_StateMovesForwardOnly(string current, string incoming, string expected) =>
        Assert.Equal(expected, ForwardOnly.Delivery.Merge("state", current, incoming));

    [Fact]
    public void ScheduledTime_IsDeliverysOwn_LegacysDerivedValueOnlyFillsItIn_AndVerifyDoesNotCompareIt()
    {
        var delivery = new DateTime(2030, 1, 1, 12, 0, 1);
        Assert.Equal(delivery, ForwardOnly.Delivery.Merge("scheduled_time", delivery, delivery.AddSeconds(-1)));
        Assert.Equal(delivery, ForwardOnly.Delivery.Merge("scheduled_time", null, delivery));
        Assert.Equal(delivery, ForwardOnly.Delivery.Merge("scheduled_time", delivery, null));
        Assert.False(ForwardOnly.Delivery.IsCompared("scheduled_time"));
        Assert.All(ForwardOnly.Delivery.Rules.Keys.Where(c => c != "scheduled_time").Concat(ForwardOnly.Ticket.Rules.Keys),
            c => Assert.True(ForwardOnly.Delivery.Rules.ContainsKey(c) ? ForwardOnly.Delivery.IsCompared(c) : ForwardOnly.Ticket.IsCompared(c), c));
    }

    [Fact]
    public void KnownTimesAndCourier_AreNeverReplacedByNull_ButTakeAKnownLegacyValue()
    {
        var known = new DateTime(2030, 1, 1, 12, 0, 0);
        Assert.Equal(known, ForwardOnly.Ticket.Merge("preparing_time", known, null));
        Assert.Equal(known.AddMinutes(1), ForwardOnly.Ticket.Merge("preparing_time", known, known.AddMinutes(1)));
        Assert.Equal(known, ForwardOnly.Ticket.Merge("accept_time", null, known));
        Assert.Equal(7L, ForwardOnly.Delivery.Merge("assigned_courier_id", 7L, null));
        Assert.Equal(known, ForwardOnly.Delivery.Merge("scheduled_time", known, null));
        // What only the monolith changes is taken as it is, null included (a street2 removed).
        Assert.Null(ForwardOnly.Delivery.Merge("pickup_street2", "Suite 2", null));
    }

    [Fact]
    public void KitchensAndDeliverysOwnColumns_AreNotShared()
    {
        Assert.DoesNotContain("previous_state", ForwardOnly.Ticket.Rules.Keys);
        Assert.DoesNotContain("cancelled_time", ForwardOnly.Delivery.Rules.Keys);
        var error = Assert.Throws<InvalidOperationException>(() => ForwardOnly.Ticket.Merge("previous_state", "ACCEPTED", null));
        Assert.Contains("not a column tickets shares with legacy", error.Message);
    }

    [Fact]
    public void Rankings_FollowEachModelsProgression_WithCancelledLast()
    {
        Assert.Equal(TicketStates.All.Count, StateProgression.Ticket.Ranked.Count);
        Assert.Equal(DeliveryStates.All.Count, StateProgression.Delivery.Ranked.Count);
        Assert.Equal(LegacyOrderStates.All.Count, StateProgression.LegacyOrder.Ranked.Count);
        Assert.True(StateProgression.LegacyOrder.Rank("READY_FOR_PICKUP") < StateProgression.LegacyOrder.Rank("PICKED_UP"));
        Assert.Equal("CANCELLED", StateProgression.Delivery.Ranked[^1]);
        Assert.Equal(-1, StateProgression.Ticket.Rank("DELIVERED"));
        // Every legacy state's ticket and delivery halves rank in the legacy order: the translation is monotone.
        var legacy = StateProgression.LegacyOrder.Ranked;
        for (var i = 1; i < legacy.Count; i++)
        {
            Assert.True(StateProgression.Ticket.Rank(OrderStateTranslation.ToTicketState(legacy[i]))
                        >= StateProgression.Ticket.Rank(OrderStateTranslation.ToTicketState(legacy[i - 1])), legacy[i]);
            Assert.True(StateProgression.Delivery.Rank(OrderStateTranslation.ToDeliveryState(legacy[i], true))
                        >= StateProgression.Delivery.Rank(OrderStateTranslation.ToDeliveryState(legacy[i - 1], true)), legacy[i]);
        }
    }
}
