using Ftgo.Extraction.Tests.Infrastructure;
using Ftgo.Stages;
using static Ftgo.Extraction.Tests.Infrastructure.World;

namespace Ftgo.Extraction.Tests;

/// <summary>
/// A command round trip across processes: the monolith accepts an order whose delivery is on the new
/// side → <c>ScheduleDelivery</c> through its outbox → the Delivery service assigns one of its
/// couriers → <c>CourierScheduledForDelivery</c> → the monolith's glue handler → the legacy order
/// shows the courier with its PICKUP and DROPOFF.
/// </summary>
public abstract class RoundTripTests(World world)
{
    [Collection(EmbeddedBus.Name)]
    public sealed class Embedded(EmbeddedWorld world) : RoundTripTests(world);

    [Collection(RabbitMqBus.Name)]
    public sealed class RabbitMq(RabbitPostgresWorld world) : RoundTripTests(world);

    [Fact]
    public async Task AcceptInTheMonolith_WithDeliveryOnTheNewSide_BringsTheDeliveryServicesCourierBackToTheLegacyTables()
    {
        await world.SetStagesAsync(KitchenAt(MigrationStage.Off), DeliveryAt(MigrationStage.RampDown));
        var legacy = world.LegacyClient;
        // A courier of the Delivery service only: the monolith learns of it through the bus.
        var courierId = await world.DeliveryClient.CreateAvailableCourierAsync();
        var orderId = await legacy.CreateOrderAsync(await legacy.CreateConsumerAsync(), await legacy.CreateRestaurantAsync());
        var readyBy = Api.LocalNowPlus(TimeSpan.FromHours(1));

        await legacy.AcceptAsync(orderId, readyBy);

        var order = await Eventually.UntilAsync(() => legacy.GetOrderAsync(orderId), o => o.AssignedCourier is not null,
            "the courier chosen by the Delivery service to reach the legacy order");
        Assert.Equal(new LegacyOrder(orderId, "ACCEPTED", courierId, LegacyOrder.PlanFor(readyBy)), order,
            new LegacyOrderComparer());
        var delivery = await world.DeliveryClient.GetOkAsync($"/deliveries/{orderId}");
        Assert.Equal(("SCHEDULED", courierId), (delivery.GetProperty("state").GetString(), delivery.GetProperty("assignedCourierId").GetInt64()));
        // The legacy courier's plan has the order too (the courier row was added by id from the Delivery service's events).
        var plan = (await legacy.GetOkAsync($"/couriers/{courierId}")).GetProperty("plan").GetProperty("actions");
        Assert.Equal([orderId, orderId], plan.EnumerateArray().Select(a => a.GetProperty("orderId").GetInt64()));
        Assert.Empty(await world.DeadLettersAsync());
    }
}
