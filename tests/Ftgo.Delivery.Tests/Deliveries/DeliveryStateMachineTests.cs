using Ftgo.Delivery.Common;
using Ftgo.Delivery.Tests.Infrastructure;

namespace Ftgo.Delivery.Tests.Deliveries;

using Ftgo.Delivery.Deliveries;

/// <summary>Every (state, trigger) pair of the Delivery aggregate: the legal ones move, the others are 409 domain errors.</summary>
public sealed class DeliveryStateMachineTests
{
    private static readonly DateTime Now = new(2026, 11, 25, 12, 0, 0);

    // The expected table, written out independently of the aggregate's own.
    private static readonly Dictionary<(DeliveryState, DeliveryTrigger), DeliveryState> Legal = new()
    {
        [(DeliveryState.Pending, DeliveryTrigger.Schedule)] = DeliveryState.Scheduled,
        [(DeliveryState.Pending, DeliveryTrigger.Cancel)] = DeliveryState.Cancelled,
        [(DeliveryState.Scheduled, DeliveryTrigger.PickUp)] = DeliveryState.PickedUp,
        [(DeliveryState.Scheduled, DeliveryTrigger.Cancel)] = DeliveryState.Cancelled,
        [(DeliveryState.PickedUp, DeliveryTrigger.Deliver)] = DeliveryState.Delivered,
    };

    public static TheoryData<DeliveryState, DeliveryTrigger> AllPairs()
    {
        var data = new TheoryData<DeliveryState, DeliveryTrigger>();
        foreach (var state in Enum.GetValues<DeliveryState>())
        {
            foreach (var trigger in Enum.GetValues<DeliveryTrigger>())
            {
                data.Add(state, trigger);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(AllPairs))]
    public void Trigger_FromEachState_MovesOnlyWhenLegal(DeliveryState from, DeliveryTrigger trigger)
    {
        var delivery = InState(from);
        var version = delivery.Version;

        if (Legal.TryGetValue((from, trigger), out var expected))
        {
            Fire(delivery, trigger);
            Assert.Equal(expected, delivery.State);
            Assert.True(delivery.Version > version);
        }
        else
        {
            var error = Assert.Throws<IllegalDeliveryTransitionException>(() => Fire(delivery, trigger));
            Assert.Equal(409, error.Status);
            Assert.Equal("illegal-transition", error.Code);
            Assert.Equal(from, error.State);
            Assert.Equal(trigger, error.Trigger);
            Assert.Contains($"it is {DeliveryStateMachine.Name(from)}", error.Message);
            Assert.Equal(from, delivery.State);
            Assert.Equal(version, delivery.Version);
        }
    }

    [Fact]
    public void Schedule_RecordsCourierReadyByAndTime()
    {
        var delivery = InState(DeliveryState.Pending);
        delivery.Schedule(7, Now.AddHours(1), Now);
        Assert.Equal(7, delivery.AssignedCourierId);
        Assert.Equal(Now.AddHours(1), delivery.ReadyBy);
        Assert.Equal(Now, delivery.ScheduledTime);
    }

    [Fact]
    public void PickUp_WhenKitchenHasNotDeclaredReady_IsIllegal()
    {
        var delivery = InState(DeliveryState.Pending);
        delivery.Schedule(1, Now.AddHours(1), Now);
        delivery.KitchenPreparing(Now);

        var error = Assert.Throws<IllegalDeliveryTransitionException>(() => delivery.PickUp(Now));
        Assert.Contains("not declared the food ready for pickup", error.Message);
        Assert.Equal(DeliveryState.Scheduled, delivery.State);
        Assert.False(delivery.Can(DeliveryTrigger.PickUp));
    }

    [Fact]
    public void PickUpAndDeliver_RecordTheirTimes()
    {
        var delivery = InState(DeliveryState.Scheduled);
        delivery.PickUp(Now.AddMinutes(5));
        delivery.Deliver(Now.AddMinutes(25));
        Assert.Equal(Now.AddMinutes(5), delivery.PickedUpTime);
        Assert.Equal(Now.AddMinutes(25), delivery.DeliveredTime);
    }

    [Fact]
    public void Cancel_RecordsItsTime()
    {
        var delivery = InState(DeliveryState.Scheduled);
        delivery.Cancel(Now.AddMinutes(3));
        Assert.Equal(Now.AddMinutes(3), delivery.CancelledTime);
    }

    [Fact]
    public void KitchenFacts_AreRecordedOnceAndIgnoredOnceTheFoodLeft()
    {
        var delivery = InState(DeliveryState.Pending);
        Assert.True(delivery.KitchenPreparing(Now));
        Assert.False(delivery.KitchenPreparing(Now.AddMinutes(1)));
        Assert.Equal(Now, delivery.PreparingTime);

        var pickedUp = InState(DeliveryState.PickedUp);
        var readyTime = pickedUp.ReadyForPickupTime;
        Assert.False(pickedUp.KitchenReadyForPickup(Now.AddHours(2)));
        Assert.Equal(readyTime, pickedUp.ReadyForPickupTime);

        var cancelled = InState(DeliveryState.Cancelled);
        Assert.False(cancelled.KitchenPreparing(Now));
        Assert.Null(cancelled.PreparingTime);
    }

    [Fact]
    public void LearnPickupAddress_KeepsTheFirstOneKnown()
    {
        var delivery = Delivery.Create(1, 2, TestData.DeliveryAddressData.ToAddress(), Now, pickupAddress: null);
        delivery.LearnPickupAddress(TestData.RestaurantAddress);
        delivery.LearnPickupAddress(TestData.CourierAddress);
        Assert.Equal(TestData.RestaurantAddress, delivery.PickupAddress);
    }

    [Fact]
    public void Names_AreUpperSnakeCaseAndRoundTrip()
    {
        Assert.Equal("PICKED_UP", DeliveryStateMachine.Name(DeliveryState.PickedUp));
        foreach (var state in Enum.GetValues<DeliveryState>())
        {
            Assert.Equal(state, DeliveryStateMachine.Parse(DeliveryStateMachine.Name(state)));
        }
        Assert.Throws<FormatException>(() => DeliveryStateMachine.Parse("LOST"));
    }

    /// <summary>A delivery brought to <paramref name="state"/> through legal moves only.</summary>
    internal static Delivery InState(DeliveryState state)
    {
        var delivery = Delivery.Create(TestData.NextOrderId(), 1, TestData.DeliveryAddressData.ToAddress(), Now.AddHours(2),
            TestData.RestaurantAddress);
        if (state == DeliveryState.Pending)
        {
            return delivery;
        }
        if (state == DeliveryState.Cancelled)
        {
            delivery.Cancel(Now);
            return delivery;
        }
        delivery.Schedule(1, Now.AddHours(1), Now);
        delivery.KitchenReadyForPickup(Now.AddMinutes(50));
        if (state == DeliveryState.Scheduled)
        {
            return delivery;
        }
        delivery.PickUp(Now.AddHours(1));
        if (state == DeliveryState.PickedUp)
        {
            return delivery;
        }
        delivery.Deliver(Now.AddHours(1.5));
        return delivery;
    }

    private static void Fire(Delivery delivery, DeliveryTrigger trigger)
    {
        switch (trigger)
        {
            case DeliveryTrigger.Schedule:
                delivery.Schedule(1, Now.AddHours(1), Now);
                break;
            case DeliveryTrigger.PickUp:
                delivery.PickUp(Now);
                break;
            case DeliveryTrigger.Deliver:
                delivery.Deliver(Now);
                break;
            default:
                delivery.Cancel(Now);
                break;
        }
    }
}
