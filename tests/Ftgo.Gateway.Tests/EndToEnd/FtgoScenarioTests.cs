using System.Net;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Glue.Acl;
using Ftgo.Stages;

namespace Ftgo.Gateway.Tests.EndToEnd;

/// <summary>
/// FTGO's own end-to-end scenarios (ftgo-end-to-end-tests), after a login, through the gateway at every
/// stage of both groups. The monolith answers the legacy side and, as a second instance over the same
/// data, stands in for the Kitchen and Delivery services: every answer is real, and each must come
/// from the side the stage (and, at live, the cohort, or for a courier the side that registered it) says.
/// </summary>
public sealed class FtgoScenarioTests : IAsyncLifetime
{
    private GatewayApp _gateway = null!;
    private FtgoClient _client = null!;
    private int _deliveryReads;

    public async Task InitializeAsync()
    {
        var pair = LegacyPair.Instance;
        _gateway = new GatewayApp(pair.Legacy.BaseAddress, pair.Twin.BaseAddress, pair.Twin.BaseAddress).Start();
        _client = await FtgoClient.LoginAsync(_gateway.Client);
    }

    public Task DisposeAsync() => _gateway.DisposeAsync().AsTask();

    public static TheoryData<MigrationStage, double> Stages => new()
    {
        { MigrationStage.Off, 0 },
        { MigrationStage.DualWrite, 0 },
        { MigrationStage.Shadow, 0 },
        { MigrationStage.Live, 50 },
        { MigrationStage.Live, 100 },
        { MigrationStage.RampDown, 0 },
        { MigrationStage.Complete, 0 },
    };

    [Theory]
    [MemberData(nameof(Stages))]
    public async Task CreateReviseCancel_PassesAtEveryStage(MigrationStage stage, double percent)
    {
        await SetBothGroups(stage, percent);
        var consumerId = await _client.CreateConsumerAsync();
        var restaurantId = await _client.CreateRestaurantAsync();
        var orderId = await _client.CreateOrderAsync(consumerId, restaurantId);

        var revised = Expect(await _client.PostAsync($"/orders/{orderId}/revise",
            new { revisedLineItemQuantities = new Dictionary<string, int> { ["1"] = 10 } }), "legacy");
        Assert.Equal("123.40", revised.Json!["orderTotal"]!.GetValue<string>());

        var cancelled = Expect(await _client.PostAsync($"/orders/{orderId}/cancel"), "legacy");
        Assert.Equal("CANCELLED", cancelled.Json!["state"]!.GetValue<string>());
        Assert.Equal("CANCELLED", Expect(await _client.GetAsync($"/orders/{orderId}"), "legacy").Json!["state"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(Stages))]
    public async Task CreateAcceptAndDeliver_PassesAtEveryStage(MigrationStage stage, double percent)
    {
        await SetBothGroups(stage, percent);
        var comparedBefore = Compared();

        var courierCreated = Expect(await _client.PostAsync("/couriers", new { name = new { firstName = "Cat", lastName = "Courier" }, address = FtgoClient.Address() }),
            Side("delivery", "1"));
        var courierId = courierCreated.Json!["id"]!.GetValue<long>();
        Expect(await _client.PostAsync($"/couriers/{courierId}/availability", new { available = true }), CourierSide(courierId));
        var consumerId = await _client.CreateConsumerAsync();
        var restaurantId = await _client.CreateRestaurantAsync();
        var orderId = await _client.CreateOrderAsync(consumerId, restaurantId);

        Expect(await _client.PostAsync($"/orders/{orderId}/accept", new { readyBy = DateTime.Now.AddHours(1).ToString("yyyy-MM-dd'T'HH:mm:ss") }),
            Side("kitchen", orderId));
        var accepted = Expect(await _client.GetAsync($"/orders/{orderId}"), "legacy").Json!;
        Assert.Equal("ACCEPTED", accepted["state"]!.GetValue<string>());
        var assigned = accepted["assignedCourier"]!.GetValue<long>();
        Assert.Equal(["PICKUP", "DROPOFF"], accepted["courierActions"]!.AsArray().Select(a => a!["type"]!.GetValue<string>()));
        var plan = Expect(await ReadCourier(assigned), CourierSide(assigned)).Json!["plan"]!["actions"]!.AsArray();
        Assert.Equal(["PICKUP", "DROPOFF"], plan.Where(a => a!["orderId"]!.GetValue<long>() == orderId).Select(a => a!["type"]!.GetValue<string>()));

        Expect(await _client.PostAsync($"/orders/{orderId}/preparing"), Side("kitchen", orderId));
        Expect(await _client.PostAsync($"/orders/{orderId}/ready"), Side("kitchen", orderId));
        Expect(await _client.PostAsync($"/orders/{orderId}/pickedup"), Side("delivery", orderId));
        Expect(await _client.PostAsync($"/orders/{orderId}/delivered"), Side("delivery", orderId));
        Assert.Equal("DELIVERED", Expect(await _client.GetAsync($"/orders/{orderId}"), "legacy").Json!["state"]!.GetValue<string>());
        Expect(await ReadCourier(courierId), CourierSide(courierId));

        // At shadow and live every read of the group was compared with the other side, and both sides agreed.
        var expectedCopies = stage.ComparesReads() ? _deliveryReads : 0;
        var counted = await Eventually.UntilAsync(() => Task.FromResult(Compared().Minus(comparedBefore)),
            c => c.Compared + c.Errors >= expectedCopies, "the shadow comparisons");
        Assert.Equal((expectedCopies, 0L, 0L), (counted.Compared, counted.Mismatched, counted.Errors));
    }

    private async Task<FtgoAnswer> ReadCourier(long id)
    {
        _deliveryReads++;
        return await _client.GetAsync($"/couriers/{id}");
    }

    private async Task SetBothGroups(MigrationStage stage, double percent)
    {
        _deliveryReads = 0;
        await _gateway.SetAsync("kitchen", stage, percent);
        await _gateway.SetAsync("delivery", stage, percent);
    }

    private string Side(string group, object cohort) =>
        _gateway.Flags.Current.Rollout(group).SideFor(Convert.ToString(cohort, System.Globalization.CultureInfo.InvariantCulture)) == Ftgo.Stages.Side.New
            ? group
            : "legacy";

    /// <summary>A courier's routes go to the side that registered it (its id's range), whatever the cohort.</summary>
    private string CourierSide(long courierId) =>
        _gateway.Flags.Current.Rollout("delivery")
            .StageForCreator(new CourierIdRange(CourierIdRange.DefaultStart).RegisteredByService(courierId) ? Ftgo.Stages.Side.New : Ftgo.Stages.Side.Legacy)
            .Answering() == Ftgo.Stages.Side.New
            ? "delivery"
            : "legacy";

    private static FtgoAnswer Expect(FtgoAnswer answer, string origin)
    {
        Assert.True(answer.Status == HttpStatusCode.OK, $"{(int)answer.Status} {answer.Body}");
        Assert.Equal(origin, answer.Origin);
        return answer;
    }

    private (long Compared, long Mismatched, long Errors) Compared()
    {
        var origins = _gateway.Metrics.Group("delivery").Origins.Values;
        return (origins.Sum(o => o.Compared), origins.Sum(o => o.Mismatched), origins.Sum(o => o.ShadowErrors));
    }
}

internal static class ComparedExtensions
{
    public static (long Compared, long Mismatched, long Errors) Minus(this (long, long, long) a, (long, long, long) b) =>
        (a.Item1 - b.Item1, a.Item2 - b.Item2, a.Item3 - b.Item3);
}
