using System.Net;
using System.Text.Json;
using Ftgo.Glue.Contracts;
using Ftgo.Legacy.Orders;
using Ftgo.Legacy.Tests.Infrastructure;
using Ftgo.Stages;
using static Ftgo.Legacy.Tests.Infrastructure.Stages;

namespace Ftgo.Legacy.Tests.Delivery;

/// <summary>
/// The delivery seam follows the <c>delivery</c> group's stage per order: on the new side an accept
/// sends <see cref="ScheduleDelivery"/> and leaves the courier to the service's event, pickup and
/// delivery answer 410, and so do the courier writes; a switch is read at the next call and undone
/// as fast.
/// </summary>
public abstract class StageRoutedDeliveryTests(LegacyFixture fixture)
{
    public sealed class Sqlite(SqliteFixture fixture) : StageRoutedDeliveryTests(fixture), IClassFixture<SqliteFixture>;

    public sealed class Postgres(PostgresFixture fixture) : StageRoutedDeliveryTests(fixture), IClassFixture<PostgresFixture>;

    private LegacyApp App => fixture.App;

    [Fact]
    public async Task Accept_WithDeliveryOnTheNewSide_SendsScheduleDelivery_AndAnswers200WithoutCourierYet()
    {
        await App.SetStagesAsync(DeliveryAt(MigrationStage.RampDown));
        using var client = await fixture.ClientAsync();
        var (orderId, _, restaurantId) = await client.NewOrderAsync();
        var readyBy = Wire.LocalNowPlus(TimeSpan.FromHours(1));

        var (response, session) = await App.TrackAsync(() => client.AcceptAsync(orderId, readyBy));

        await Expect.OkAsync(response);
        var order = await client.GetOrderAsync(orderId);
        Assert.Equal("ACCEPTED", order.GetProperty("state").GetString());
        Assert.Equal(JsonValueKind.Null, order.GetProperty("assignedCourier").ValueKind);
        Assert.Empty(order.GetProperty("courierActions").EnumerateArray());
        var schedule = Assert.Single(session.SentOf<ScheduleDelivery>());
        Assert.Equal((orderId, restaurantId, readyBy, "Oakland", "94611"),
            (schedule.OrderId, schedule.RestaurantId, schedule.ReadyBy, schedule.DeliveryAddress.City, schedule.DeliveryAddress.Zip));
    }

    [Fact]
    public async Task Accept_WithDeliveryOnTheLegacySide_AssignsACourierInProcess_AndSendsNoCommand()
    {
        await App.SetStagesAsync(DeliveryAt(MigrationStage.Shadow));
        using var client = await fixture.ClientAsync();
        await App.NoCourierAvailableAsync();
        var courierId = await client.CreateCourierAsync();
        var (orderId, _, _) = await client.NewOrderAsync();

        var (response, session) = await App.TrackAsync(() => client.AcceptAsync(orderId, Wire.LocalNowPlus(TimeSpan.FromHours(1))));

        await Expect.OkAsync(response);
        Assert.Equal(courierId, (await App.OrderRowAsync(orderId)).AssignedCourierId);
        Assert.Equal([courierId, courierId], (await App.ActionsOfAsync(orderId)).Select(a => a.CourierId));
        Assert.Empty(session.SentOf<ScheduleDelivery>());
    }

    [Fact]
    public async Task Accept_RefusedWithDeliveryOnTheNewSide_SendsNothing()
    {
        await App.SetStagesAsync(DeliveryAt(MigrationStage.RampDown));
        using var client = await fixture.ClientAsync();
        var (orderId, _, _) = await client.NewOrderAsync();

        var (response, session) = await App.TrackAsync(() => client.AcceptAsync(orderId, Wire.LocalNowPlus(TimeSpan.FromHours(-1))));

        await Problem.AssertAsync(response, HttpStatusCode.Conflict, "ready-by-in-past");
        Assert.Empty(session.Sent.AllMessages());
        Assert.Equal(OrderState.Approved, (await App.OrderRowAsync(orderId)).State);
    }

    [Fact]
    public async Task PickedUpAndDelivered_ForAnOrderOnTheNewSide_Answer410NamingDelivery_UntilSwitchedBack()
    {
        await App.SetStagesAsync();
        using var client = await fixture.ClientAsync();
        var ready = await client.NewOrderInStateAsync("READY_FOR_PICKUP");
        var pickedUp = await client.NewOrderInStateAsync("PICKED_UP");
        await App.SetStagesAsync(DeliveryAt(MigrationStage.RampDown));

        await Moved.AssertAsync(await client.PostAsync($"/orders/{ready}/pickedup"), "delivery", "rampdown");
        await Moved.AssertAsync(await client.PostAsync($"/orders/{pickedUp}/delivered"), "delivery", "rampdown");
        Assert.Equal(("READY_FOR_PICKUP", "PICKED_UP"), (await client.GetOrderStateAsync(ready), await client.GetOrderStateAsync(pickedUp)));

        // Rolled back: the monolith answers again, with no restart.
        await App.SetStagesAsync(DeliveryAt(MigrationStage.DualWrite));
        await Expect.OkAsync(await client.PostAsync($"/orders/{ready}/pickedup"));
        await Expect.OkAsync(await client.PostAsync($"/orders/{pickedUp}/delivered"));
        Assert.Equal(("PICKED_UP", "DELIVERED"), (await client.GetOrderStateAsync(ready), await client.GetOrderStateAsync(pickedUp)));
    }

    [Fact]
    public async Task PickedUp_InProcess_WithTheOrdersKitchenOnTheNewSide_PublishesDeliveryPickedUp()
    {
        await App.SetStagesAsync();
        using var client = await fixture.ClientAsync();
        var orderId = await client.NewOrderInStateAsync("READY_FOR_PICKUP");
        await App.SetStagesAsync(KitchenAt(MigrationStage.RampDown), DeliveryAt(MigrationStage.DualWrite));

        var (response, session) = await App.TrackAsync(() => client.PostAsync($"/orders/{orderId}/pickedup"));

        await Expect.OkAsync(response);
        var order = await App.OrderRowAsync(orderId);
        var pickedUp = Assert.Single(session.SentOf<DeliveryPickedUp>().DistinctBy(m => m.DeliveryId));
        Assert.Equal((orderId, order.PickedUpTime!.Value), (pickedUp.DeliveryId, pickedUp.PickedUpTime));
    }

    [Fact]
    public async Task CourierRoutes_OnTheNewSide_RefuseWrites_AndReadsUntilComplete()
    {
        await App.SetStagesAsync();
        using var client = await fixture.ClientAsync();
        var courierId = await client.CreateCourierAsync(available: false);
        await App.SetStagesAsync(DeliveryAt(MigrationStage.RampDown));

        await Moved.AssertAsync(await client.PostAsync($"/couriers/{courierId}/availability", new { available = true }), "delivery", "rampdown");
        await Moved.AssertAsync(await client.PostAsync("/couriers",
            new { name = new { firstName = "Late", lastName = "Comer" }, address = TestData.Address }), "delivery", "rampdown");
        Assert.False((await client.GetOkAsync($"/couriers/{courierId}")).GetProperty("available").GetBoolean());

        await App.SetStagesAsync(DeliveryAt(MigrationStage.Complete));
        await Moved.AssertAsync(await client.GetAsync($"/couriers/{courierId}"), "delivery", "complete");
    }

    [Theory]
    [InlineData(5)]
    [InlineData(100)]
    public async Task CourierWrites_AtLive_StayWithTheSideThatRegisteredTheCourier_WhateverThePercent(double percent)
    {
        await App.SetStagesAsync();
        using var client = await fixture.ClientAsync();
        var courierId = await client.CreateCourierAsync(available: false);
        await App.SetStagesAsync(DeliveryAt(MigrationStage.Live, percent));

        // The monolith registered this one (below Ftgo:Delivery:CourierIdStart): it stays the monolith's at live,
        // as the gateway routes it.
        await Expect.OkAsync(await client.PostAsync($"/couriers/{courierId}/availability", new { available = true }));
        Assert.True((await client.GetOkAsync($"/couriers/{courierId}")).GetProperty("available").GetBoolean());
        // The service registered this one: the monolith refuses its writes, and still answers reads until complete.
        await Moved.AssertAsync(await client.PostAsync("/couriers/1000000007/availability", new { available = true }), "delivery", "live");
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/couriers/1000000007")).StatusCode);
    }
}
