using System.Text.Json;
using Ftgo.Glue.Acl;
using Ftgo.Glue.Contracts;
using Ftgo.Legacy.Orders;
using Ftgo.Legacy.Tests.Infrastructure;
using Ftgo.Stages;
using Microsoft.EntityFrameworkCore;
using static Ftgo.Legacy.Tests.Infrastructure.Stages;

namespace Ftgo.Legacy.Tests.NewSideSync;

/// <summary>
/// The glue handlers (new → legacy sync) run as the bus runs them — Wolverine's pipeline with its
/// transaction and outbox — against the monolith's tables: each applies its fact forward only, a
/// redelivery changes nothing, and what they send on goes through the handler's outbox.
/// </summary>
public abstract class GlueHandlerTests(LegacyFixture fixture)
{
    public sealed class Sqlite(SqliteFixture fixture) : GlueHandlerTests(fixture), IClassFixture<SqliteFixture>;

    public sealed class Postgres(PostgresFixture fixture) : GlueHandlerTests(fixture), IClassFixture<PostgresFixture>;

    private LegacyApp App => fixture.App;

    private static DateTime Now => Wire.LocalNowPlus(TimeSpan.Zero);

    [Fact]
    public async Task TicketAccepted_WithDeliveryOnTheLegacySide_AcceptsAndSchedulesACourierOfTheMonolith()
    {
        await App.SetStagesAsync(KitchenAt(MigrationStage.RampDown), DeliveryAt(MigrationStage.DualWrite));
        using var client = await fixture.ClientAsync();
        var courierId = await client.CreateCourierAsync();
        await App.QueryAsync(db => db.Couriers.Where(c => c.Id != courierId).ExecuteUpdateAsync(s => s.SetProperty(c => c.Available, false)));
        var (orderId, _, _) = await client.NewOrderAsync();
        var versionBefore = (await App.OrderRowAsync(orderId)).Version;
        var readyBy = Wire.LocalNowPlus(TimeSpan.FromHours(1));
        var accepted = new TicketAccepted(orderId, readyBy, Now);

        var session = await App.HandleAsync(accepted);

        var order = await App.OrderRowAsync(orderId);
        Assert.Equal(OrderState.Accepted, order.State);
        Assert.Equal(readyBy, order.ReadyBy);
        Assert.Equal(accepted.AcceptTime, order.AcceptTime);
        Assert.Equal(courierId, order.AssignedCourierId);
        Assert.True(order.Version > versionBefore, "the sync must bump the order's version");
        Assert.Equal([(courierId, "PICKUP", readyBy), (courierId, "DROPOFF", readyBy.AddMinutes(30))], await App.ActionsOfAsync(orderId));
        Assert.Empty(session.SentOf<ScheduleDelivery>());

        await App.HandleAsync(accepted);

        Assert.Equal(order.Version, (await App.OrderRowAsync(orderId)).Version);
        Assert.Equal(2, (await App.ActionsOfAsync(orderId)).Count);
    }

    [Fact]
    public async Task TicketAccepted_WithDeliveryOnTheNewSide_SendsScheduleDeliveryAndLeavesTheCourierToItsEvent()
    {
        await App.SetStagesAsync(KitchenAt(MigrationStage.RampDown), DeliveryAt(MigrationStage.RampDown));
        using var client = await fixture.ClientAsync();
        var (orderId, _, restaurantId) = await client.NewOrderAsync();
        var readyBy = Wire.LocalNowPlus(TimeSpan.FromHours(1));

        var session = await App.HandleAsync(new TicketAccepted(orderId, readyBy, Now));

        var order = await App.OrderRowAsync(orderId);
        Assert.Equal(OrderState.Accepted, order.State);
        Assert.Null(order.AssignedCourierId);
        var schedule = Assert.Single(session.SentOf<ScheduleDelivery>());
        Assert.Equal((orderId, restaurantId, readyBy, "1 Main Street", "Oakland"),
            (schedule.OrderId, schedule.RestaurantId, schedule.ReadyBy, schedule.DeliveryAddress.Street1, schedule.DeliveryAddress.City));

        // Redelivered: the acceptance is already there, so nothing is scheduled a second time.
        var again = await App.HandleAsync(new TicketAccepted(orderId, readyBy, order.AcceptTime!.Value));
        Assert.Empty(again.SentOf<ScheduleDelivery>());
    }

    [Fact]
    public async Task TicketAccepted_WhenTheMonolithHasNoCourierAvailable_StillRecordsTheAcceptance()
    {
        await App.SetStagesAsync(KitchenAt(MigrationStage.RampDown), DeliveryAt(MigrationStage.DualWrite));
        using var client = await fixture.ClientAsync();
        var (orderId, _, _) = await client.NewOrderAsync();
        await App.NoCourierAvailableAsync();

        var session = await App.HandleAsync(new TicketAccepted(orderId, Wire.LocalNowPlus(TimeSpan.FromHours(1)), Now));

        Assert.Empty(session.AllExceptions());
        var order = await App.OrderRowAsync(orderId);
        Assert.Equal(OrderState.Accepted, order.State);
        Assert.Null(order.AssignedCourierId);
        Assert.Empty(await App.ActionsOfAsync(orderId));
    }

    [Fact]
    public async Task KitchenEvents_MoveTheOrderForwardOnly()
    {
        await App.SetStagesAsync(KitchenAt(MigrationStage.RampDown), DeliveryAt(MigrationStage.RampDown));
        using var client = await fixture.ClientAsync();
        var (orderId, _, _) = await client.NewOrderAsync();
        var readyBy = Wire.LocalNowPlus(TimeSpan.FromHours(1));
        await App.HandleAsync(new TicketAccepted(orderId, readyBy, Now));
        var readyTime = Now.AddMinutes(20);

        // The kitchen's events can arrive out of order: READY_FOR_PICKUP before PREPARING.
        await App.HandleAsync(new TicketReadyForPickup(orderId, readyTime));
        var ready = await App.OrderRowAsync(orderId);
        Assert.Equal((OrderState.ReadyForPickup, readyTime, (DateTime?)null), (ready.State, ready.ReadyForPickupTime, ready.PreparingTime));

        var preparingTime = Now.AddMinutes(5);
        await App.HandleAsync(new TicketPreparing(orderId, preparingTime));
        var later = await App.OrderRowAsync(orderId);
        Assert.Equal(OrderState.ReadyForPickup, later.State);
        Assert.Equal(preparingTime, later.PreparingTime);

        // Redelivered, and an older acceptance: nothing changes, not even the version.
        await App.HandleAsync(new TicketReadyForPickup(orderId, readyTime));
        await App.HandleAsync(new TicketAccepted(orderId, readyBy.AddHours(1), Now));
        var final = await App.OrderRowAsync(orderId);
        Assert.Equal((later.Version, OrderState.ReadyForPickup, readyBy), (final.Version, final.State, final.ReadyBy!.Value));
    }

    [Fact]
    public async Task CourierScheduledForDelivery_AssignsTheCourierAndItsActionsOnce()
    {
        await App.SetStagesAsync(KitchenAt(MigrationStage.DualWrite), DeliveryAt(MigrationStage.DualWrite));
        using var client = await fixture.ClientAsync();
        var courierId = await client.CreateCourierAsync(available: false);
        await App.SetStagesAsync(KitchenAt(MigrationStage.DualWrite), DeliveryAt(MigrationStage.RampDown));
        var (orderId, _, _) = await client.NewOrderAsync();
        var readyBy = Wire.LocalNowPlus(TimeSpan.FromHours(1));
        await Expect.OkAsync(await client.AcceptAsync(orderId, readyBy));
        var scheduled = new CourierScheduledForDelivery(orderId, courierId,
            [new CourierActionData("PICKUP", readyBy), new CourierActionData("DROPOFF", readyBy.AddMinutes(30))]);

        await App.HandleAsync(scheduled);

        var order = await client.GetOrderAsync(orderId);
        Assert.Equal(courierId, order.GetProperty("assignedCourier").GetInt64());
        Assert.Equal([("PICKUP", Wire.Format(readyBy)), ("DROPOFF", Wire.Format(readyBy.AddMinutes(30)))],
            order.GetProperty("courierActions").EnumerateArray().Select(a => (a.GetProperty("type").GetString(), a.GetProperty("time").GetString())));
        Assert.Equal("ACCEPTED", order.GetProperty("state").GetString());
        var version = (await App.OrderRowAsync(orderId)).Version;

        await App.HandleAsync(scheduled);

        Assert.Equal(version, (await App.OrderRowAsync(orderId)).Version);
        Assert.Equal(2, (await App.ActionsOfAsync(orderId)).Count);
    }

    [Fact]
    public async Task CourierScheduledForDelivery_ForACourierTheMonolithNeverSaw_AddsItByIdWithAPlaceholder()
    {
        await App.SetStagesAsync(KitchenAt(MigrationStage.DualWrite), DeliveryAt(MigrationStage.RampDown));
        using var client = await fixture.ClientAsync();
        var (orderId, _, _) = await client.NewOrderAsync();
        var readyBy = Wire.LocalNowPlus(TimeSpan.FromHours(1));
        await Expect.OkAsync(await client.AcceptAsync(orderId, readyBy));
        var unknownId = await NewSideCourierIdAsync();

        await App.HandleAsync(new CourierScheduledForDelivery(orderId, unknownId,
            [new CourierActionData("PICKUP", readyBy), new CourierActionData("DROPOFF", readyBy.AddMinutes(30))]));

        Assert.Equal(unknownId, (await App.OrderRowAsync(orderId)).AssignedCourierId);
        var courier = await client.GetOkAsync($"/couriers/{unknownId}");
        Assert.False(courier.GetProperty("available").GetBoolean());
        Assert.Equal([orderId, orderId], courier.GetProperty("plan").GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("orderId").GetInt64()));
        Assert.Contains("Delivery service", courier.GetProperty("name").GetProperty("lastName").GetString());

        // The monolith's own next courier keeps to the monolith's range, below the service's ids.
        await App.SetStagesAsync(KitchenAt(MigrationStage.DualWrite), DeliveryAt(MigrationStage.DualWrite));
        var own = await client.CreateCourierAsync(available: false);
        Assert.True(own < CourierIdRange.DefaultStart, $"the monolith's courier got {own}");
    }

    /// <summary>
    /// Delivery's events travel apart: its pickup and delivery can reach the monolith before the courier
    /// it scheduled (seen in the demo: a DELIVERED order with no courier and no actions). The late
    /// scheduling gives the order its courier and the courier its actions, and moves nothing back;
    /// a known courier is never replaced once the food is picked up.
    /// </summary>
    [Fact]
    public async Task CourierScheduledForDelivery_AfterThePickup_GivesACourierlessOrderItsCourierAndActions_ButNeverReplacesAKnownOne()
    {
        await App.SetStagesAsync(KitchenAt(MigrationStage.DualWrite), DeliveryAt(MigrationStage.DualWrite));
        using var client = await fixture.ClientAsync();
        var courierId = await client.CreateCourierAsync(available: false);
        var otherId = await client.CreateCourierAsync(available: false);
        await App.SetStagesAsync(KitchenAt(MigrationStage.RampDown), DeliveryAt(MigrationStage.RampDown));
        var (orderId, _, _) = await client.NewOrderAsync();
        var readyBy = Wire.LocalNowPlus(TimeSpan.FromHours(1));
        var (pickedUpTime, deliveredTime) = (Now.AddMinutes(10), Now.AddMinutes(40));
        await App.HandleAsync(new TicketAccepted(orderId, readyBy, Now));
        await App.HandleAsync(new TicketPreparing(orderId, Now));
        await App.HandleAsync(new TicketReadyForPickup(orderId, Now));
        await App.HandleAsync(new DeliveryPickedUp(orderId, pickedUpTime));
        await App.HandleAsync(new DeliveryDelivered(orderId, deliveredTime));
        var before = await App.OrderRowAsync(orderId);
        Assert.Equal((OrderState.Delivered, (long?)null), (before.State, before.AssignedCourierId));
        Assert.Empty(await App.ActionsOfAsync(orderId));
        var scheduled = new CourierScheduledForDelivery(orderId, courierId,
            [new CourierActionData("PICKUP", readyBy), new CourierActionData("DROPOFF", readyBy.AddMinutes(30))]);

        await App.HandleAsync(scheduled);

        var order = await App.OrderRowAsync(orderId);
        Assert.Equal((OrderState.Delivered, (long?)courierId, pickedUpTime, deliveredTime),
            (order.State, order.AssignedCourierId, order.PickedUpTime!.Value, order.DeliveredTime!.Value));
        Assert.True(order.Version > before.Version, "the sync must bump the order's version");
        Assert.Equal([(courierId, "PICKUP", readyBy), (courierId, "DROPOFF", readyBy.AddMinutes(30))], await App.ActionsOfAsync(orderId));
        var shown = await client.GetOrderAsync(orderId);
        Assert.Equal(("DELIVERED", courierId), (shown.GetProperty("state").GetString(), shown.GetProperty("assignedCourier").GetInt64()));

        // Redelivered, or another courier's scheduling after the pickup: nothing changes.
        await App.HandleAsync(scheduled);
        await App.HandleAsync(new CourierScheduledForDelivery(orderId, otherId,
            [new CourierActionData("PICKUP", readyBy.AddMinutes(5)), new CourierActionData("DROPOFF", readyBy.AddMinutes(35))]));

        var after = await App.OrderRowAsync(orderId);
        Assert.Equal((order.Version, (long?)courierId), (after.Version, after.AssignedCourierId));
        Assert.Equal([(courierId, "PICKUP", readyBy), (courierId, "DROPOFF", readyBy.AddMinutes(30))], await App.ActionsOfAsync(orderId));
    }

    [Fact]
    public async Task DeliveryEvents_MoveTheOrderToPickedUpAndDelivered_EvenOutOfOrder()
    {
        await App.SetStagesAsync();
        using var client = await fixture.ClientAsync();
        var orderId = await client.NewOrderInStateAsync("READY_FOR_PICKUP");
        await App.SetStagesAsync(KitchenAt(MigrationStage.RampDown), DeliveryAt(MigrationStage.RampDown));
        var deliveredTime = Now.AddMinutes(40);
        var pickedUpTime = Now.AddMinutes(10);

        await App.HandleAsync(new DeliveryDelivered(orderId, deliveredTime));
        await App.HandleAsync(new DeliveryPickedUp(orderId, pickedUpTime));

        var order = await App.OrderRowAsync(orderId);
        Assert.Equal((OrderState.Delivered, pickedUpTime, deliveredTime), (order.State, order.PickedUpTime!.Value, order.DeliveredTime!.Value));
        await App.HandleAsync(new DeliveryDelivered(orderId, deliveredTime));
        Assert.Equal(order.Version, (await App.OrderRowAsync(orderId)).Version);
    }

    [Fact]
    public async Task CourierAvailabilityChanged_SetsTheAvailability_AndAddsACourierTheMonolithNeverSaw()
    {
        await App.SetStagesAsync(DeliveryAt(MigrationStage.DualWrite));
        using var client = await fixture.ClientAsync();
        var courierId = await client.CreateCourierAsync(available: false);

        await App.HandleAsync(new CourierAvailabilityChanged(courierId, true));
        Assert.True((await client.GetOkAsync($"/couriers/{courierId}")).GetProperty("available").GetBoolean());
        await App.HandleAsync(new CourierAvailabilityChanged(courierId, false));
        Assert.False((await client.GetOkAsync($"/couriers/{courierId}")).GetProperty("available").GetBoolean());

        var unknownId = await NewSideCourierIdAsync();
        await App.HandleAsync(new CourierAvailabilityChanged(unknownId, true));
        Assert.True((await client.GetOkAsync($"/couriers/{unknownId}")).GetProperty("available").GetBoolean());
    }

    [Fact]
    public async Task CourierAvailabilityChanged_ThatOvertookANewerChange_IsSkipped()
    {
        await App.SetStagesAsync(DeliveryAt(MigrationStage.RampDown));
        using var client = await fixture.ClientAsync();
        var courierId = await NewSideCourierIdAsync();

        // The courier went on (version 2) and then off (version 3); the bus handed the two over in the wrong order.
        await App.HandleAsync(new CourierAvailabilityChanged(courierId, false, 3));
        await App.HandleAsync(new CourierAvailabilityChanged(courierId, true, 2));
        Assert.False((await client.GetOkAsync($"/couriers/{courierId}")).GetProperty("available").GetBoolean());

        await App.HandleAsync(new CourierAvailabilityChanged(courierId, true, 4));
        Assert.True((await client.GetOkAsync($"/couriers/{courierId}")).GetProperty("available").GetBoolean());
        // A redelivery of the newest changes nothing.
        await App.HandleAsync(new CourierAvailabilityChanged(courierId, true, 4));
        Assert.True((await client.GetOkAsync($"/couriers/{courierId}")).GetProperty("available").GetBoolean());
    }

    [Fact]
    public async Task CourierCreated_AddsTheWholeCourier_AndTheMonolithsOwnCouriersStayBelowTheServicesRange()
    {
        await App.SetStagesAsync(DeliveryAt(MigrationStage.DualWrite));
        using var client = await fixture.ClientAsync();
        var before = await client.CreateCourierAsync(available: false);
        var registered = await NewSideCourierIdAsync();

        await App.HandleAsync(new CourierCreated(registered, "Rosa", "Rider", new AddressData("9 Spoke St", "Unit 2", "Oakland", "CA", "94612"), false));

        var courier = await client.GetOkAsync($"/couriers/{registered}");
        Assert.Equal("Rosa", courier.GetProperty("name").GetProperty("firstName").GetString());
        Assert.Equal("Rider", courier.GetProperty("name").GetProperty("lastName").GetString());
        Assert.Equal("9 Spoke St", courier.GetProperty("address").GetProperty("street1").GetString());
        Assert.Equal("Unit 2", courier.GetProperty("address").GetProperty("street2").GetString());
        Assert.False(courier.GetProperty("available").GetBoolean());
        // The monolith's next couriers follow its own, however high the service's ids in its table.
        var after = await client.CreateCourierAsync(available: false);
        var next = await client.CreateCourierAsync(available: false);
        Assert.True(before < after && after < next && next < CourierIdRange.DefaultStart, $"monolith ids {before}, {after}, {next}");
    }

    [Fact]
    public async Task CourierCreated_AfterAnEventAboutItsWork_FillsInThePlaceholder_AndARedeliveryChangesNothing()
    {
        await App.SetStagesAsync(DeliveryAt(MigrationStage.DualWrite));
        using var client = await fixture.ClientAsync();
        var registered = await NewSideCourierIdAsync();
        await App.HandleAsync(new CourierAvailabilityChanged(registered, true));
        Assert.Contains("Delivery service", (await client.GetOkAsync($"/couriers/{registered}")).GetProperty("name").GetProperty("lastName").GetString());

        var created = new CourierCreated(registered, "Rosa", "Rider", new AddressData("9 Spoke St", null, "Oakland", "CA", "94612"), false);
        await App.HandleAsync(created);
        var filled = await client.GetOkAsync($"/couriers/{registered}");
        Assert.Equal("Rider", filled.GetProperty("name").GetProperty("lastName").GetString());
        Assert.Equal("Oakland", filled.GetProperty("address").GetProperty("city").GetString());
        // The availability came later than the registration: it stands.
        Assert.True(filled.GetProperty("available").GetBoolean());

        await App.HandleAsync(created with { FirstName = "Other" });
        Assert.Equal("Rosa", (await client.GetOkAsync($"/couriers/{registered}")).GetProperty("name").GetProperty("firstName").GetString());
    }

    [Fact]
    public async Task CreateCourier_ManyAtOnceBesideAServiceCourier_GivesDistinctIdsBelowTheRange()
    {
        await App.SetStagesAsync(DeliveryAt(MigrationStage.DualWrite));
        using var client = await fixture.ClientAsync();
        await App.HandleAsync(new CourierCreated(await NewSideCourierIdAsync(), "Rosa", "Rider", new AddressData("9 Spoke St", null, "Oakland", "CA", "94612"), true));

        var ids = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => client.CreateCourierAsync(available: false)));

        Assert.Equal(ids.Length, ids.Distinct().Count());
        Assert.All(ids, id => Assert.True(id < CourierIdRange.DefaultStart, $"the monolith's courier got {id}"));
    }

    /// <summary>An id the Delivery service could have given: in its range, above any courier the monolith holds.</summary>
    private Task<long> NewSideCourierIdAsync() =>
        App.QueryAsync(async db => Math.Max(CourierIdRange.DefaultStart, (await db.Couriers.MaxAsync(c => (long?)c.Id) ?? 0) + 1));

    [Fact]
    public async Task FactsAboutACancelledOrder_AreNotApplied()
    {
        await App.SetStagesAsync(KitchenAt(MigrationStage.DualWrite), DeliveryAt(MigrationStage.DualWrite));
        using var client = await fixture.ClientAsync();
        await client.CreateCourierAsync();
        var orderId = await client.NewOrderInStateAsync("CANCELLED");
        var version = (await App.OrderRowAsync(orderId)).Version;

        await App.HandleAsync(new TicketAccepted(orderId, Wire.LocalNowPlus(TimeSpan.FromHours(1)), Now));
        await App.HandleAsync(new CourierScheduledForDelivery(orderId, 1, [new CourierActionData("PICKUP", Now)]));

        var order = await App.OrderRowAsync(orderId);
        Assert.Equal((OrderState.Cancelled, version, (long?)null), (order.State, order.Version, order.AssignedCourierId));
        Assert.Empty(await App.ActionsOfAsync(orderId));
    }

    [Fact]
    public async Task AnEventAboutAnOrderTheMonolithLacks_FailsWithItsReason()
    {
        var missing = await App.QueryAsync(async db => (await db.Orders.MaxAsync(o => (long?)o.Id) ?? 0) + 1000);

        var failure = await Assert.ThrowsAnyAsync<Exception>(() => App.HandleAsync(new TicketPreparing(missing, Now)));

        Assert.Contains($"Order {missing} is not in the legacy tables", failure.ToString());
    }

}
