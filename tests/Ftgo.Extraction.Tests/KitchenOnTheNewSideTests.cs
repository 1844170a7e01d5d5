using System.Net;
using System.Net.Http.Json;
using Ftgo.Extraction.Tests.Infrastructure;
using Ftgo.Stages;
using static Ftgo.Extraction.Tests.Infrastructure.World;

namespace Ftgo.Extraction.Tests;

/// <summary>
/// Kitchen and Delivery on the new side, driven as the gateway would drive them: the kitchen's steps
/// go to Kitchen's legacy-compatible routes, the delivery's to Delivery's; the monolith refuses them
/// (410) and learns every step from the services' events — and a rollback of either group, from
/// live, rampdown or complete, continues on the monolith exactly where the new side left it.
/// </summary>
public abstract class KitchenOnTheNewSideTests(World world)
{
    [Collection(EmbeddedBus.Name)]
    public sealed class Embedded(EmbeddedWorld world) : KitchenOnTheNewSideTests(world);

    [Collection(RabbitMqBus.Name)]
    public sealed class RabbitMq(RabbitPostgresWorld world) : KitchenOnTheNewSideTests(world);

    [Fact]
    public async Task AnOrdersWholeLifeOnTheNewSide_IsMirroredInTheLegacyTables()
    {
        await world.SetStagesAsync(KitchenAt(MigrationStage.RampDown), DeliveryAt(MigrationStage.RampDown));
        var legacy = world.LegacyClient;
        var courierId = await world.DeliveryClient.CreateAvailableCourierAsync();
        var orderId = await legacy.CreateOrderAsync(await legacy.CreateConsumerAsync(), await legacy.CreateRestaurantAsync());
        await TicketOpenedAsync(orderId);
        var readyBy = Api.LocalNowPlus(TimeSpan.FromHours(1));

        await world.KitchenClient.AcceptAsync(orderId, readyBy);

        var accepted = await UntilAsync(orderId, o => o.AssignedCourier is not null, "ACCEPTED with the Delivery service's courier");
        Assert.Equal(new LegacyOrder(orderId, "ACCEPTED", courierId, LegacyOrder.PlanFor(readyBy)), accepted, new LegacyOrderComparer());
        var refused = await legacy.PostAsJsonAsync($"/orders/{orderId}/accept", new { readyBy = Api.Format(readyBy) });
        Assert.Equal(HttpStatusCode.Gone, refused.StatusCode);
        Assert.Contains("\"service\":\"kitchen\"", await refused.Content.ReadAsStringAsync());

        await world.KitchenClient.PostOkAsync($"/orders/{orderId}/preparing");
        await UntilAsync(orderId, o => o.State == "PREPARING", "PREPARING");
        await world.KitchenClient.PostOkAsync($"/orders/{orderId}/ready");
        await UntilAsync(orderId, o => o.State == "READY_FOR_PICKUP", "READY_FOR_PICKUP");
        Assert.Equal(HttpStatusCode.Gone, (await legacy.PostAsync($"/orders/{orderId}/pickedup", null)).StatusCode);
        await DeliveryKnowsTheFoodIsReadyAsync(orderId);
        await world.DeliveryClient.PostOkAsync($"/orders/{orderId}/pickedup");
        await UntilAsync(orderId, o => o.State == "PICKED_UP", "PICKED_UP");
        await world.DeliveryClient.PostOkAsync($"/orders/{orderId}/delivered");
        var delivered = await UntilAsync(orderId, o => o.State == "DELIVERED", "DELIVERED");

        Assert.Equal(new LegacyOrder(orderId, "DELIVERED", courierId, LegacyOrder.PlanFor(readyBy)), delivered, new LegacyOrderComparer());
        // The legacy row holds the new side's own times, not the monolith's guesses.
        var ticket = await world.KitchenClient.GetOkAsync($"/tickets/{orderId}");
        var row = await world.Legacy.OrderRowAsync(orderId);
        Assert.Equal((ticket.GetProperty("acceptTime").GetString(), ticket.GetProperty("preparingTime").GetString(),
                ticket.GetProperty("readyForPickupTime").GetString()),
            (Api.Format(row.AcceptTime!.Value), Api.Format(row.PreparingTime!.Value), Api.Format(row.ReadyForPickupTime!.Value)));
        Assert.Empty(await world.DeadLettersAsync());
    }

    /// <summary>The stages at which the new side answers: a rollback from each loses nothing the new side did.</summary>
    public static TheoryData<MigrationStage> NewSideStages => new() { MigrationStage.Live, MigrationStage.RampDown, MigrationStage.Complete };

    [Theory]
    [MemberData(nameof(NewSideStages))]
    public async Task RollingTheKitchenBack_ContinuesOnTheMonolithWhereTheKitchenServiceLeftTheOrder(MigrationStage stage)
    {
        await world.SetStagesAsync(KitchenAt(stage, 100), DeliveryAt(MigrationStage.RampDown));
        var legacy = world.LegacyClient;
        await world.DeliveryClient.CreateAvailableCourierAsync();
        var orderId = await legacy.CreateOrderAsync(await legacy.CreateConsumerAsync(), await legacy.CreateRestaurantAsync());
        await TicketOpenedAsync(orderId);
        await world.KitchenClient.AcceptAsync(orderId, Api.LocalNowPlus(TimeSpan.FromHours(1)));
        await world.KitchenClient.PostOkAsync($"/orders/{orderId}/preparing");
        await UntilAsync(orderId, o => o.State == "PREPARING" && o.AssignedCourier is not null, "PREPARING with a courier");

        // Rollback, by writing the flags file: the monolith follows it without a restart.
        await world.WriteStagesAsync(KitchenAt(MigrationStage.DualWrite), DeliveryAt(MigrationStage.RampDown));
        await Eventually.UntilAsync(() => Task.FromResult(world.MonolithSees("kitchen").Stage), s => s == MigrationStage.DualWrite,
            "the monolith to read the rollback");
        await legacy.PostOkAsync($"/orders/{orderId}/ready");

        Assert.Equal("READY_FOR_PICKUP", (await legacy.GetOrderAsync(orderId)).State);
        // The monolith's kitchen told the Delivery service, which now lets the courier pick the food up.
        await DeliveryKnowsTheFoodIsReadyAsync(orderId);
        await world.DeliveryClient.PostOkAsync($"/orders/{orderId}/pickedup");
        await UntilAsync(orderId, o => o.State == "PICKED_UP", "PICKED_UP from the Delivery service");
        Assert.Empty(await world.DeadLettersAsync());
    }

    [Theory]
    [MemberData(nameof(NewSideStages))]
    public async Task RollingTheDeliveryBack_KeepsEveryCourierTheServiceRegistered_AsItLeftThem(MigrationStage stage)
    {
        await world.SetStagesAsync(KitchenAt(MigrationStage.Off), DeliveryAt(stage, 100));
        var registered = await world.DeliveryClient.PostOkAsync("/couriers",
            new { name = new { firstName = "Rolled", lastName = stage.ToWire() }, address = Api.Address });
        var courierId = registered.GetProperty("id").GetInt64();
        await world.DeliveryClient.PostOkAsync($"/couriers/{courierId}/availability", new { available = true });
        await world.DeliveryClient.PostOkAsync($"/couriers/{courierId}/availability", new { available = false });

        await world.WriteStagesAsync(KitchenAt(MigrationStage.Off), DeliveryAt(MigrationStage.DualWrite));
        await Eventually.UntilAsync(() => Task.FromResult(world.MonolithSees("delivery").Stage), s => s == MigrationStage.DualWrite,
            "the monolith to read the rollback");

        // The service's events reach the monolith at every stage: what it registered is there, as it left it (the
        // events may arrive in any order: the courier may first show as a placeholder, or available).
        var courier = await Eventually.UntilAsync(async () =>
            {
                using var answer = await world.LegacyClient.GetAsync($"/couriers/{courierId}");
                return answer.StatusCode == HttpStatusCode.OK ? await answer.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>() : default;
            },
            c => c.ValueKind == System.Text.Json.JsonValueKind.Object && c.GetProperty("name").GetProperty("lastName").GetString() == stage.ToWire()
                 && !c.GetProperty("available").GetBoolean(),
            $"courier {courierId} in the monolith, registered and unavailable");
        Assert.Equal("Rolled", courier.GetProperty("name").GetProperty("firstName").GetString());
        Assert.Empty(await world.DeadLettersAsync());
    }

    /// <summary>The Delivery service learns the kitchen's facts by event, on its own schedule: a client would retry its 409.</summary>
    private Task DeliveryKnowsTheFoodIsReadyAsync(long orderId) =>
        Eventually.UntilAsync(async () => (await world.DeliveryClient.GetOkAsync($"/deliveries/{orderId}")).GetProperty("readyForPickupTime").ValueKind,
            kind => kind != System.Text.Json.JsonValueKind.Null, $"the Delivery service to learn that order {orderId} is ready for pickup");

    private Task TicketOpenedAsync(long orderId) =>
        Eventually.UntilAsync(async () => (await world.KitchenClient.GetAsync($"/tickets/{orderId}")).StatusCode,
            s => s == HttpStatusCode.OK, $"the Kitchen service to open the ticket of order {orderId}");

    private Task<LegacyOrder> UntilAsync(long orderId, Func<LegacyOrder, bool> done, string what) =>
        Eventually.UntilAsync(() => world.LegacyClient.GetOrderAsync(orderId), done, $"order {orderId} {what} in the legacy tables");
}
