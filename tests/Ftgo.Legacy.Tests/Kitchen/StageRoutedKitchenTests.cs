using System.Net;
using Ftgo.Glue.Contracts;
using Ftgo.Legacy.Orders;
using Ftgo.Legacy.Tests.Infrastructure;
using Ftgo.Stages;
using static Ftgo.Legacy.Tests.Infrastructure.Stages;

namespace Ftgo.Legacy.Tests.Kitchen;

/// <summary>
/// The kitchen seam follows the <c>kitchen</c> group's stage per order, read from the flags at each
/// call: orders are announced to the Kitchen service once the group is past off, the kitchen's
/// steps answer 410 for an order on the new side, and they change nothing and send nothing then.
/// </summary>
public abstract class StageRoutedKitchenTests(LegacyFixture fixture)
{
    public sealed class Sqlite(SqliteFixture fixture) : StageRoutedKitchenTests(fixture), IClassFixture<SqliteFixture>;

    public sealed class Postgres(PostgresFixture fixture) : StageRoutedKitchenTests(fixture), IClassFixture<PostgresFixture>;

    private LegacyApp App => fixture.App;

    [Fact]
    public async Task CreateOrder_WithBothGroupsOff_SendsNothing()
    {
        await App.SetStagesAsync();
        using var client = await fixture.ClientAsync();
        var consumerId = await client.CreateConsumerAsync();
        var restaurantId = await client.CreateRestaurantAsync();

        var (_, session) = await App.TrackAsync(() => client.CreateOrderAsync(consumerId, restaurantId, ("1", 5)));

        Assert.Empty(session.Sent.AllMessages());
    }

    [Fact]
    public async Task CreateOrder_WithTheGroupsPastOff_PublishesOrderCreatedOnce()
    {
        await App.SetStagesAsync(KitchenAt(MigrationStage.DualWrite), DeliveryAt(MigrationStage.RampDown));
        using var client = await fixture.ClientAsync();
        var consumerId = await client.CreateConsumerAsync();
        var restaurantId = await client.CreateRestaurantAsync();

        var (orderId, session) = await App.TrackAsync(() => client.CreateOrderAsync(consumerId, restaurantId, ("1", 5)));

        var created = Assert.Single(session.SentOf<OrderCreated>().DistinctBy(m => m.OrderId));
        Assert.Equal((orderId, consumerId, restaurantId, "1 Main Street"), (created.OrderId, created.ConsumerId, created.RestaurantId, created.DeliveryAddress.Street1));
        Assert.Equal([("1", "Chicken Vindaloo", 12.34m, 5)], created.LineItems.Select(l => (l.MenuItemId, l.Name, l.Price, l.Quantity)));
        // One publication, routed to both services' queues.
        Assert.Equal(2, session.Sent.MessagesOf<OrderCreated>().Count());
    }

    [Fact]
    public async Task CancelOrder_WithTheGroupsPastOff_PublishesOrderCancelledAndSendsCancelDelivery()
    {
        await App.SetStagesAsync(KitchenAt(MigrationStage.Shadow), DeliveryAt(MigrationStage.DualWrite));
        using var client = await fixture.ClientAsync();
        var (orderId, _, _) = await client.NewOrderAsync();

        var (response, session) = await App.TrackAsync(() => client.PostAsync($"/orders/{orderId}/cancel"));

        await Expect.OkAsync(response);
        Assert.Equal(orderId, Assert.Single(session.SentOf<OrderCancelled>()).OrderId);
        Assert.Equal(orderId, Assert.Single(session.SentOf<CancelDelivery>()).OrderId);
    }

    [Theory]
    [InlineData("rampdown")]
    [InlineData("complete")]
    public async Task KitchenSteps_ForAnOrderOnTheNewSide_Answer410NamingKitchen_AndChangeNothing(string stage)
    {
        await App.SetStagesAsync();
        using var client = await fixture.ClientAsync();
        await client.CreateCourierAsync();
        var approved = await client.NewOrderInStateAsync("APPROVED");
        var accepted = await client.NewOrderInStateAsync("ACCEPTED");
        Assert.True(MigrationStages.TryParse(stage, out var parsed));
        await App.SetStagesAsync(KitchenAt(parsed));
        var versions = ((await App.OrderRowAsync(approved)).Version, (await App.OrderRowAsync(accepted)).Version);

        var (accept, session) = await App.TrackAsync(() => client.AcceptAsync(approved, Wire.LocalNowPlus(TimeSpan.FromHours(1))));
        await Moved.AssertAsync(accept, "kitchen", stage);
        await Moved.AssertAsync(await client.PostAsync($"/orders/{accepted}/preparing"), "kitchen", stage);
        await Moved.AssertAsync(await client.PostAsync($"/orders/{accepted}/ready"), "kitchen", stage);

        Assert.Empty(session.Sent.AllMessages());
        Assert.Equal(versions, ((await App.OrderRowAsync(approved)).Version, (await App.OrderRowAsync(accepted)).Version));
        Assert.Equal((OrderState.Approved, OrderState.Accepted), ((await App.OrderRowAsync(approved)).State, (await App.OrderRowAsync(accepted)).State));
    }

    [Fact]
    public async Task KitchenSteps_AtLive_FollowTheGatewaysCohortOfTheOrder()
    {
        await App.SetStagesAsync();
        using var client = await fixture.ClientAsync();
        await client.CreateCourierAsync();
        var orders = new List<long>();
        while (!(orders.Any(o => InsideLivePercent("kitchen", o, 50)) && orders.Any(o => !InsideLivePercent("kitchen", o, 50))))
        {
            orders.Add((await client.NewOrderAsync()).OrderId);
        }
        var inside = orders.First(o => InsideLivePercent("kitchen", o, 50));
        var outside = orders.First(o => !InsideLivePercent("kitchen", o, 50));
        await App.SetStagesAsync(KitchenAt(MigrationStage.Live, 50));

        await Moved.AssertAsync(await client.AcceptAsync(inside, Wire.LocalNowPlus(TimeSpan.FromHours(1))), "kitchen", "live");
        await Expect.OkAsync(await client.AcceptAsync(outside, Wire.LocalNowPlus(TimeSpan.FromHours(1))));

        Assert.Equal("APPROVED", await client.GetOrderStateAsync(inside));
        Assert.Equal("ACCEPTED", await client.GetOrderStateAsync(outside));
    }

    [Fact]
    public async Task PreparingAndReady_WithTheOrdersDeliveryOnTheNewSide_PublishTheKitchensFacts()
    {
        await App.SetStagesAsync(KitchenAt(MigrationStage.DualWrite), DeliveryAt(MigrationStage.RampDown));
        using var client = await fixture.ClientAsync();
        var (orderId, _, _) = await client.NewOrderAsync();
        await Expect.OkAsync(await client.AcceptAsync(orderId, Wire.LocalNowPlus(TimeSpan.FromHours(1))));
        var acceptedVersion = (await App.OrderRowAsync(orderId)).Version;

        var (preparing, preparingSession) = await App.TrackAsync(() => client.PostAsync($"/orders/{orderId}/preparing"));
        var (ready, readySession) = await App.TrackAsync(() => client.PostAsync($"/orders/{orderId}/ready"));

        await Expect.OkAsync(preparing);
        await Expect.OkAsync(ready);
        var order = await App.OrderRowAsync(orderId);
        Assert.Equal(OrderState.ReadyForPickup, order.State);
        var preparingEvent = Assert.Single(preparingSession.SentOf<TicketPreparing>().DistinctBy(m => m.OrderId));
        Assert.Equal((orderId, order.PreparingTime!.Value), (preparingEvent.OrderId, preparingEvent.PreparingTime));
        var readyEvent = Assert.Single(readySession.SentOf<TicketReadyForPickup>().DistinctBy(m => m.OrderId));
        Assert.Equal((orderId, order.ReadyForPickupTime!.Value), (readyEvent.OrderId, readyEvent.ReadyForPickupTime));
        // The monolith hears its own events back (the routing table sends them to legacy too; the sessions
        // waited for them): they changed nothing, so the version moved once per step.
        Assert.Equal(acceptedVersion + 2, order.Version);
    }

    [Fact]
    public async Task PreparingAndReady_WithTheOrdersDeliveryOnTheLegacySide_SendNothing()
    {
        await App.SetStagesAsync(KitchenAt(MigrationStage.DualWrite), DeliveryAt(MigrationStage.Shadow));
        using var client = await fixture.ClientAsync();
        await client.CreateCourierAsync();
        var orderId = await client.NewOrderInStateAsync("ACCEPTED");

        var (_, session) = await App.TrackAsync(async () =>
        {
            await Expect.OkAsync(await client.PostAsync($"/orders/{orderId}/preparing"));
            await Expect.OkAsync(await client.PostAsync($"/orders/{orderId}/ready"));
            return true;
        });

        Assert.Empty(session.Sent.AllMessages());
        Assert.Equal("READY_FOR_PICKUP", await client.GetOrderStateAsync(orderId));
    }
}
