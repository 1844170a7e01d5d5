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

    /// <summary>
    /// During a migration both sides register couriers: their ids never meet (the service's range), and
    /// the monolith holds the service's courier with its real name — what a rollback would find.
    /// </summary>
    [Fact]
    public async Task CouriersRegisteredOnBothSides_NeverShareAnId_AndTheMonolithHasTheServicesCourierAsRegistered()
    {
        await world.SetStagesAsync(KitchenAt(MigrationStage.Off), DeliveryAt(MigrationStage.DualWrite));
        var legacy = world.LegacyClient;
        var first = await legacy.CreateAvailableCourierAsync();
        // Left unavailable: the other tests of this world expect their own couriers to be chosen.
        var onService = (await world.DeliveryClient.PostOkAsync("/couriers", new { name = new { firstName = "Rosa", lastName = "Rider" }, address = Api.Address }))
            .GetProperty("id").GetInt64();
        var second = await legacy.CreateAvailableCourierAsync();

        Assert.DoesNotContain(onService, new[] { first, second });
        Assert.True(second > first, $"the monolith's ids: {first}, then {second}");
        var courier = await Eventually.UntilAsync(async () =>
            {
                using var answer = await legacy.GetAsync($"/couriers/{onService}");
                return answer.IsSuccessStatusCode ? await answer.Content.ReadAsStringAsync() : $"{(int)answer.StatusCode}";
            },
            body => body.Contains("\"lastName\":\"Rider\""), "the service's courier, with its name, in the monolith");
        Assert.Contains("\"firstName\":\"Rosa\"", courier);
        Assert.Contains("\"available\":false", courier);
        Assert.Empty(await world.DeadLettersAsync());
    }
}
