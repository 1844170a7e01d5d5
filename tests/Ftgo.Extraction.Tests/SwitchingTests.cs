using System.Collections.Concurrent;
using Ftgo.Extraction.Tests.Infrastructure;
using Ftgo.Stages;
using Xunit.Abstractions;
using static Ftgo.Extraction.Tests.Infrastructure.World;

namespace Ftgo.Extraction.Tests;

/// <summary>
/// The monolith's delivery seam switched from in-process to remote and back, by writing the flags
/// file, while orders are being created and progressed: each accept schedules its courier in the
/// monolith or sends <c>ScheduleDelivery</c>, whichever the stage says at that moment for that order.
/// After a final rollback to the monolith, every order is completed there — none is lost or stuck.
/// </summary>
public abstract class SwitchingTests(World world, ITestOutputHelper output)
{
    [Collection(EmbeddedBus.Name)]
    public sealed class Embedded(EmbeddedWorld world, ITestOutputHelper output) : SwitchingTests(world, output);

    [Collection(RabbitMqBus.Name)]
    public sealed class RabbitMq(RabbitPostgresWorld world, ITestOutputHelper output) : SwitchingTests(world, output);

    private const int Workers = 3;
    private const int OrdersPerWorker = 10;
    private const int AcceptsPerFlip = 3;

    /// <summary>The stages the delivery group goes through during the run; the last one is the rollback.</summary>
    private static readonly (MigrationStage Stage, double Percent)[] Flips =
    [
        (MigrationStage.RampDown, 0), (MigrationStage.DualWrite, 0), (MigrationStage.Live, 50), (MigrationStage.RampDown, 0),
        (MigrationStage.Shadow, 0), (MigrationStage.Live, 100), (MigrationStage.DualWrite, 0), (MigrationStage.RampDown, 0),
    ];

    [Fact]
    public async Task SwitchingTheDeliverySeamBackAndForthUnderARunningScenario_LosesNoOrder()
    {
        await world.SetStagesAsync(KitchenAt(MigrationStage.DualWrite), DeliveryAt(MigrationStage.DualWrite));
        var legacy = world.LegacyClient;
        for (var i = 0; i < 2; i++)
        {
            await legacy.CreateAvailableCourierAsync();
            await world.DeliveryClient.CreateAvailableCourierAsync();
        }
        var consumerId = await legacy.CreateConsumerAsync();
        var restaurantId = await legacy.CreateRestaurantAsync();

        var expected = new ConcurrentDictionary<long, DateTime?>(); // order → readyBy, or null when cancelled
        var accepts = 0;
        using var stop = new CancellationTokenSource();
        var flipper = FlipAsync(() => Volatile.Read(ref accepts), stop.Token);
        var workers = Enumerable.Range(0, Workers).Select(worker => Task.Run(async () =>
        {
            for (var i = 0; i < OrdersPerWorker; i++)
            {
                var orderId = await legacy.CreateOrderAsync(consumerId, restaurantId);
                if ((worker + i) % 5 == 4)
                {
                    await legacy.PostOkAsync($"/orders/{orderId}/cancel");
                    expected[orderId] = null;
                    continue;
                }
                var readyBy = Api.LocalNowPlus(TimeSpan.FromHours(1));
                await legacy.AcceptAsync(orderId, readyBy);
                expected[orderId] = readyBy;
                Interlocked.Increment(ref accepts);
                await legacy.PostOkRetryingLostRacesAsync($"/orders/{orderId}/preparing");
                await legacy.PostOkRetryingLostRacesAsync($"/orders/{orderId}/ready");
            }
        })).ToList();
        await Task.WhenAll(workers);
        await stop.CancelAsync();
        var flipped = await flipper;

        // Rollback of the delivery group: everything goes back to the monolith, by the flags file.
        await world.WriteStagesAsync(KitchenAt(MigrationStage.DualWrite), DeliveryAt(MigrationStage.DualWrite));
        await Eventually.UntilAsync(() => Task.FromResult(world.MonolithSees("delivery").Stage), s => s == MigrationStage.DualWrite,
            "the monolith to read the rollback");
        var accepted = expected.Where(e => e.Value is not null).Select(e => e.Key).Order().ToList();
        var cancelled = expected.Where(e => e.Value is null).Select(e => e.Key).Order().ToList();
        // The couriers the Delivery service chose reach the legacy tables by event; then the monolith finishes every order.
        await Eventually.UntilAsync(async () => await WithoutCourierAsync(accepted), missing => missing.Count == 0,
            "every accepted order to have its courier in the legacy tables", TimeSpan.FromSeconds(60),
            async () => $"error queues: [{string.Join("; ", await world.DeadLettersAsync())}]");
        foreach (var orderId in accepted)
        {
            await legacy.PostOkRetryingLostRacesAsync($"/orders/{orderId}/pickedup");
            await legacy.PostOkRetryingLostRacesAsync($"/orders/{orderId}/delivered");
        }

        Assert.Equal(Workers * OrdersPerWorker, expected.Count);
        foreach (var (orderId, readyBy) in expected)
        {
            var order = await legacy.GetOrderAsync(orderId);
            var wanted = readyBy is { } r
                ? new LegacyOrder(orderId, "DELIVERED", order.AssignedCourier ?? -1, LegacyOrder.PlanFor(r))
                : new LegacyOrder(orderId, "CANCELLED", null, []);
            Assert.Equal(wanted, order, new LegacyOrderComparer());
        }
        // Both sides did some of the work, and agree on who has the remotely scheduled orders.
        var remote = new List<long>();
        foreach (var orderId in accepted)
        {
            var delivery = await world.DeliveryClient.GetOkAsync($"/deliveries/{orderId}");
            if (delivery.GetProperty("state").GetString() == "SCHEDULED")
            {
                remote.Add(orderId);
                Assert.Equal(delivery.GetProperty("assignedCourierId").GetInt64(), (await legacy.GetOrderAsync(orderId)).AssignedCourier);
            }
        }
        output.WriteLine($"{flipped} switches; {remote.Count} of {accepted.Count} accepted orders scheduled by the Delivery service, " +
                         $"{accepted.Count - remote.Count} by the monolith; {cancelled.Count} cancelled");
        Assert.True(flipped >= 3, $"the stage switched only {flipped} times during the run");
        Assert.NotEmpty(remote);
        Assert.True(remote.Count < accepted.Count, "no order was scheduled by the monolith's own delivery management");
        // A cancelled order is cancelled on the Delivery service too, whichever side its delivery was on.
        await Eventually.UntilAsync(() => DeliveryStatesAsync(cancelled), states => states.All(s => s == "CANCELLED"),
            "the Delivery service to cancel the deliveries of the cancelled orders");
        Assert.Empty(await world.DeadLettersAsync());
    }

    /// <summary>
    /// Writes the next stage of <see cref="Flips"/> to the flags file each time <see cref="AcceptsPerFlip"/> more
    /// orders were accepted since the monolith read the previous one (the workers keep going meanwhile).
    /// </summary>
    private async Task<int> FlipAsync(Func<int> accepts, CancellationToken stop)
    {
        var flipped = 0;
        var baseline = 0;
        try
        {
            while (flipped < Flips.Length)
            {
                if (accepts() >= baseline + AcceptsPerFlip)
                {
                    var (stage, percent) = Flips[flipped];
                    await world.WriteStagesAsync(KitchenAt(MigrationStage.DualWrite), DeliveryAt(stage, percent));
                    flipped++;
                    await Eventually.UntilAsync(() => Task.FromResult(world.MonolithSees("delivery")),
                        f => f.Stage == stage && f.Percent == percent, $"the monolith to read delivery at {stage} {percent}%");
                    baseline = accepts();
                }
                await Task.Delay(5, stop);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            // The scenario ended.
        }
        return flipped;
    }

    private async Task<List<long>> WithoutCourierAsync(IEnumerable<long> orders)
    {
        var missing = new List<long>();
        foreach (var orderId in orders)
        {
            var order = await world.LegacyClient.GetOrderAsync(orderId);
            if (order.AssignedCourier is null || order.CourierActions.Count != 2)
            {
                missing.Add(orderId);
            }
        }
        return missing;
    }

    private async Task<List<string>> DeliveryStatesAsync(IEnumerable<long> orders)
    {
        var states = new List<string>();
        foreach (var orderId in orders)
        {
            states.Add((await world.DeliveryClient.GetOkAsync($"/deliveries/{orderId}")).GetProperty("state").GetString()!);
        }
        return states;
    }
}
