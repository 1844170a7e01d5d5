using Ftgo.Delivery.Common;
using Ftgo.Delivery.Couriers;
using Ftgo.Delivery.Tests.Infrastructure;
using Ftgo.Glue.Contracts;
using Ftgo.Hosting.Problems;

namespace Ftgo.Delivery.Tests.Deliveries;

using Ftgo.Delivery.Deliveries;

/// <summary>
/// The write paths the messaging layer calls, on a real store: their effect after commit and the
/// events they return. Courier choice depends on every courier in the database, so those tests
/// start from an empty one.
/// </summary>
public abstract class DeliveryHandlersTests(DeliveryFixture fixture)
{
    private DeliveryApp App => fixture.App;

    [Fact]
    public async Task OrderCreated_OpensAPendingDeliveryWithThePickupAddressOfTheReplica()
    {
        var restaurantId = TestData.NextOrderId();
        await App.ReplicateRestaurantAsync(restaurantId);
        var promised = App.Now().AddHours(2);

        var orderId = await App.CreatePendingAsync(restaurantId, TimeSpan.FromHours(2));

        var delivery = await App.DeliveryAsync(orderId);
        Assert.Equal(DeliveryState.Pending, delivery.State);
        Assert.Equal(restaurantId, delivery.RestaurantId);
        Assert.Equal(TestData.RestaurantAddress, delivery.PickupAddress);
        Assert.Equal(TestData.DeliveryAddressData.ToAddress(), delivery.DeliveryAddress);
        Assert.Equal(promised, delivery.PromisedDeliveryTime);
        Assert.Null(delivery.AssignedCourierId);
    }

    [Fact]
    public async Task OrderCreated_Redelivered_ChangesNothing()
    {
        var orderId = await App.CreatePendingAsync();
        var before = await App.DeliveryAsync(orderId);

        await App.CreatePendingAsync(promisedIn: TimeSpan.FromHours(5), orderId: orderId);

        var after = await App.DeliveryAsync(orderId);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.PromisedDeliveryTime, after.PromisedDeliveryTime);
    }

    [Fact]
    public async Task OrderCreated_BeforeTheRestaurantIsReplicated_LearnsThePickupAddressLater()
    {
        var restaurantId = TestData.NextOrderId();
        var orderId = await App.CreatePendingAsync(restaurantId);
        Assert.Null((await App.DeliveryAsync(orderId)).PickupAddress);

        await App.ReplicateRestaurantAsync(restaurantId);

        Assert.Equal(TestData.RestaurantAddress, (await App.DeliveryAsync(orderId)).PickupAddress);
    }

    [Fact]
    public async Task Schedule_ChoosesTheAvailableCourierWithFewestActions_AndPublishesThePlan()
    {
        await fixture.ResetAsync();
        var busy = await App.CreateCourierAsync(firstName: "Busy");
        var earlier = await App.ScheduleAsync(await App.CreatePendingAsync(), App.Now().AddHours(3));
        Assert.Equal(busy, earlier!.CourierId);
        var unavailable = await App.CreateCourierAsync(available: false, firstName: "Off");
        var free = await App.CreateCourierAsync(firstName: "Free");
        var alsoFree = await App.CreateCourierAsync(firstName: "AlsoFree");
        var orderId = await App.CreatePendingAsync();
        var readyBy = App.Now().AddHours(1);

        var scheduled = await App.ScheduleAsync(orderId, readyBy);

        // Busy has 2 actions, Off is unavailable, Free and AlsoFree have none: the lower id wins.
        Assert.True(unavailable < free && free < alsoFree);
        Assert.NotNull(scheduled);
        Assert.Equal(orderId, scheduled.DeliveryId);
        Assert.Equal(free, scheduled.CourierId);
        Assert.Equal([new CourierActionData("PICKUP", readyBy), new CourierActionData("DROPOFF", readyBy.AddMinutes(30))],
            scheduled.Actions);

        var delivery = await App.DeliveryAsync(orderId);
        Assert.Equal(DeliveryState.Scheduled, delivery.State);
        Assert.Equal(free, delivery.AssignedCourierId);
        Assert.Equal(readyBy, delivery.ReadyBy);
        var plan = (await App.CourierAsync(free)).Actions.OrderBy(a => a.Time).ToList();
        Assert.Equal([(orderId, CourierActionType.Pickup, readyBy), (orderId, CourierActionType.Dropoff, readyBy.AddMinutes(30))],
            plan.Select(a => (a.DeliveryId, a.Type, a.Time)));

        // The next one goes to AlsoFree (0 actions) rather than Free (now 2).
        Assert.Equal(alsoFree, (await App.ScheduleAsync(await App.CreatePendingAsync(), readyBy))!.CourierId);
    }

    [Fact]
    public async Task Schedule_WithTheOrdersAcceptTime_RecordsItAsTheScheduledTime_ElseItsOwnClock()
    {
        await App.CreateCourierAsync();
        var accepted = App.Now().AddSeconds(-7);

        var fromMonolith = await App.CreatePendingAsync();
        await App.ScheduleAsync(fromMonolith, App.Now().AddHours(1), acceptTime: accepted);
        var olderSender = await App.CreatePendingAsync();
        await App.ScheduleAsync(olderSender, App.Now().AddHours(1));

        Assert.Equal(accepted, (await App.DeliveryAsync(fromMonolith)).ScheduledTime);
        Assert.Equal(App.Now(), (await App.DeliveryAsync(olderSender)).ScheduledTime);
    }

    [Fact]
    public async Task Schedule_OnATie_ChoosesTheLowestId()
    {
        await fixture.ResetAsync();
        var first = await App.CreateCourierAsync(firstName: "First");
        var second = await App.CreateCourierAsync(firstName: "Second");

        var a = await App.ScheduleAsync(await App.CreatePendingAsync(), App.Now().AddHours(1));
        var b = await App.ScheduleAsync(await App.CreatePendingAsync(), App.Now().AddHours(1));
        var c = await App.ScheduleAsync(await App.CreatePendingAsync(), App.Now().AddHours(1));

        Assert.Equal([first, second, first], new[] { a!.CourierId, b!.CourierId, c!.CourierId });
    }

    [Fact]
    public async Task Schedule_WithNoCourierAvailable_Returns409AndChangesNothing()
    {
        await fixture.ResetAsync();
        var off = await App.CreateCourierAsync(available: false);
        var orderId = await App.CreatePendingAsync();
        var before = await App.DeliveryAsync(orderId);

        var error = await Assert.ThrowsAsync<ConflictException>(() => App.ScheduleAsync(orderId, App.Now().AddHours(1)));

        Assert.Equal("no-courier-available", error.Code);
        Assert.Equal(409, error.Status);
        var after = await App.DeliveryAsync(orderId);
        Assert.Equal(DeliveryState.Pending, after.State);
        Assert.Equal(before.Version, after.Version);
        Assert.Null(after.AssignedCourierId);
        Assert.Empty((await App.CourierAsync(off)).Actions);
    }

    [Fact]
    public async Task Schedule_Redelivered_PublishesNothingAndPlansNothingMore()
    {
        var orderId = await App.CreatePendingAsync();
        await App.CreateCourierAsync();
        var readyBy = App.Now().AddHours(1);
        var first = await App.ScheduleAsync(orderId, readyBy);

        var again = await App.ScheduleAsync(orderId, readyBy);

        Assert.Null(again);
        Assert.Equal(2, (await App.CourierAsync(first!.CourierId)).Actions.Count(a => a.DeliveryId == orderId));
    }

    [Fact]
    public async Task Schedule_OfACancelledDelivery_IsAnIllegalTransition()
    {
        await App.CreateCourierAsync();
        var orderId = await App.CreatePendingAsync();
        await App.CancelAsync(orderId);

        var error = await Assert.ThrowsAsync<IllegalDeliveryTransitionException>(() => App.ScheduleAsync(orderId, App.Now().AddHours(1)));
        Assert.Equal(DeliveryState.Cancelled, error.State);
    }

    [Fact]
    public async Task Schedule_OfAnUnknownDelivery_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<NotFoundException>(() => App.ScheduleAsync(TestData.NextOrderId(), App.Now().AddHours(1)));
        Assert.Equal("not-found", error.Code);
    }

    [Fact]
    public async Task Cancel_ReleasesTheCouriersActionsForThatDeliveryOnly()
    {
        await fixture.ResetAsync();
        var courier = await App.CreateCourierAsync();
        var kept = await App.CreatePendingAsync();
        await App.ScheduleAsync(kept, App.Now().AddHours(2));
        var cancelled = await App.CreatePendingAsync();
        await App.ScheduleAsync(cancelled, App.Now().AddHours(1));
        Assert.Equal(4, (await App.CourierAsync(courier)).Actions.Count);

        await App.CancelAsync(cancelled);

        var delivery = await App.DeliveryAsync(cancelled);
        Assert.Equal(DeliveryState.Cancelled, delivery.State);
        Assert.Equal(App.Now(), delivery.CancelledTime);
        var plan = (await App.CourierAsync(courier)).Actions;
        Assert.Equal(2, plan.Count);
        Assert.All(plan, a => Assert.Equal(kept, a.DeliveryId));
    }

    [Fact]
    public async Task Cancel_Redelivered_ChangesNothing()
    {
        var orderId = await App.CreatePendingAsync();
        await App.CancelAsync(orderId);
        var before = await App.DeliveryAsync(orderId);
        App.Clock.Advance(TimeSpan.FromMinutes(1));

        await App.CancelAsync(orderId);

        var after = await App.DeliveryAsync(orderId);
        Assert.Equal(before.Version, after.Version);
        Assert.Equal(before.CancelledTime, after.CancelledTime);
    }

    [Fact]
    public async Task Cancel_AfterPickup_IsAnIllegalTransition()
    {
        await App.CreateCourierAsync();
        var orderId = await App.ReadyForPickupDeliveryAsync();
        await App.PickUpAsync(orderId);

        var error = await Assert.ThrowsAsync<IllegalDeliveryTransitionException>(() => App.CancelAsync(orderId));
        Assert.Equal(DeliveryState.PickedUp, error.State);
        Assert.Equal(DeliveryState.PickedUp, (await App.DeliveryAsync(orderId)).State);
    }

    [Fact]
    public async Task PickUpThenDeliver_PublishTheirEventsWithTheServiceClocksTimes()
    {
        await App.CreateCourierAsync();
        var orderId = await App.ReadyForPickupDeliveryAsync();
        App.Clock.Advance(TimeSpan.FromMinutes(10));
        var pickedAt = App.Now();

        var picked = await App.PickUpAsync(orderId);
        App.Clock.Advance(TimeSpan.FromMinutes(20));
        var delivered = await App.DeliverAsync(orderId);

        Assert.Equal(new DeliveryPickedUp(orderId, pickedAt), picked);
        Assert.Equal(new DeliveryDelivered(orderId, pickedAt.AddMinutes(20)), delivered);
        var delivery = await App.DeliveryAsync(orderId);
        Assert.Equal(DeliveryState.Delivered, delivery.State);
        Assert.Equal(pickedAt, delivery.PickedUpTime);
        Assert.Equal(pickedAt.AddMinutes(20), delivery.DeliveredTime);
    }

    [Fact]
    public async Task KitchenEvents_AreRecordedOnTheDelivery()
    {
        await App.CreateCourierAsync();
        var orderId = await App.CreatePendingAsync();
        await App.ScheduleAsync(orderId, App.Now().AddHours(1));
        var preparingAt = App.Now();
        await App.PreparingAsync(orderId);
        App.Clock.Advance(TimeSpan.FromMinutes(15));
        await App.ReadyForPickupAsync(orderId);

        var delivery = await App.DeliveryAsync(orderId);
        Assert.Equal(preparingAt, delivery.PreparingTime);
        Assert.Equal(preparingAt.AddMinutes(15), delivery.ReadyForPickupTime);
    }

    [Fact]
    public async Task SetAvailability_PublishesOnlyWhenItChanges()
    {
        var courier = await App.CreateCourierAsync(available: false);

        var on = await App.HandleAsync(db => SetCourierAvailabilityHandler.Handle(new SetCourierAvailability(courier, true), db, default));
        var again = await App.HandleAsync(db => SetCourierAvailabilityHandler.Handle(new SetCourierAvailability(courier, true), db, default));
        var off = await App.HandleAsync(db => SetCourierAvailabilityHandler.Handle(new SetCourierAvailability(courier, false), db, default));

        Assert.Equal(new CourierAvailabilityChanged(courier, true, 2), on);
        Assert.Null(again);
        Assert.Equal(new CourierAvailabilityChanged(courier, false, 3), off);
        Assert.False((await App.CourierAsync(courier)).Available);
    }

    [Fact]
    public async Task SetAvailability_OfAnUnknownCourier_IsNotFound()
    {
        var error = await Assert.ThrowsAsync<NotFoundException>(() => App.HandleAsync(db =>
            SetCourierAvailabilityHandler.Handle(new SetCourierAvailability(987654, true), db, default)));
        Assert.Equal("Courier 987654 was not found.", error.Message);
    }
}

public sealed class SqliteDeliveryHandlersTests(SqliteFixture fixture) : DeliveryHandlersTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresDeliveryHandlersTests(PostgresFixture fixture) : DeliveryHandlersTests(fixture), IClassFixture<PostgresFixture>;
