using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;

namespace Ftgo.Gateway.Tests.Routing;

/// <summary>
/// The sticky split at live, through the gateway: one cohort, one side; and the same side the library (and so
/// the monolith) computes. The split is shown on a group of the test's own (<c>/probe/{id}</c>); a courier's
/// routes follow the side that registered the courier instead, whatever the percent.
/// </summary>
public sealed class StickinessTests : IAsyncLifetime
{
    private FakeService _legacy = null!;
    private FakeService _delivery = null!;
    private GatewayApp _gateway = null!;

    public async Task InitializeAsync()
    {
        _legacy = await FakeService.StartAsync("legacy");
        _delivery = await FakeService.StartAsync("delivery");
        // Shadow copies are beside the point here: sample none.
        _gateway = new GatewayApp(_legacy.BaseAddress, _delivery.BaseAddress, _delivery.BaseAddress,
            new Dictionary<string, GroupFlags>
            {
                ["probe"] = new() { Stage = MigrationStage.Live, Percent = 50, ShadowSampleRatio = 0 },
                ["delivery"] = new() { Stage = MigrationStage.Live, Percent = 50, ShadowSampleRatio = 0 },
            },
            new Dictionary<string, string?>
            {
                ["Ftgo:Gateway:Groups:probe:Service"] = "delivery",
                ["Ftgo:Gateway:Groups:probe:CohortKeys:0"] = "route:id",
                ["Ftgo:Gateway:Groups:probe:Routes:0:Path"] = "/probe/{id:long}",
            }).Start();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _legacy.DisposeAsync();
        await _delivery.DisposeAsync();
    }

    [Theory]
    [InlineData(17)]
    [InlineData(4242)]
    public async Task OneCohort_LandsOnTheSameSide_Over1000Requests(long courierId)
    {
        var origins = new HashSet<string>();
        for (var i = 0; i < 1000; i++)
        {
            var response = await _gateway.Client.GetAsync($"/probe/{courierId}");
            response.EnsureSuccessStatusCode();
            origins.Add(response.Headers.GetValues("X-Ftgo-Origin").Single());
        }
        var expected = _gateway.Flags.Current.Rollout("probe").SideFor(courierId.ToString()) == Side.New ? "delivery" : "legacy";
        Assert.Equal([expected], origins);
    }

    [Fact]
    public async Task EachCohort_LandsWhereTheSharedCohortFunctionSays_AndTheSplitIsNearThePercent()
    {
        var rollout = _gateway.Flags.Current.Rollout("probe");
        var onNew = 0;
        const int cohorts = 600;
        for (var id = 1; id <= cohorts; id++)
        {
            var response = await _gateway.Client.GetAsync($"/probe/{id}");
            var origin = response.Headers.GetValues("X-Ftgo-Origin").Single();
            Assert.Equal(rollout.SideFor(id.ToString()) == Side.New ? "delivery" : "legacy", origin);
            onNew += origin == "delivery" ? 1 : 0;
        }
        // 600 cohorts: a binomial(600, 0.5) is within ±6 points of 50 % far beyond 3 sigma (the ±2-point bound over 10,000 cohorts is CohortsTests').
        Assert.InRange(onNew * 100.0 / cohorts, 44, 56);
    }

    [Theory]
    [InlineData(5)]
    [InlineData(50)]
    [InlineData(100)]
    public async Task ACourierRead_IsAnsweredByTheSideThatRegisteredIt_WhateverThePercent(double percent)
    {
        await _gateway.SetAsync("delivery", MigrationStage.Live, percent, f => f with { ShadowSampleRatio = 0 });
        // The monolith numbers its couriers below Ftgo:Delivery:CourierIdStart (10⁹ by default), the service from it.
        foreach (var (courierId, registrar) in new[] { (17L, "legacy"), (4242L, "legacy"), (999_999_999L, "legacy"),
                     (1_000_000_000L, "delivery"), (1_000_004_242L, "delivery") })
        {
            for (var i = 0; i < 20; i++)
            {
                var response = await _gateway.Client.GetAsync($"/couriers/{courierId}");
                Assert.Equal(registrar, response.Headers.GetValues("X-Ftgo-Origin").Single());
            }
        }
    }
}
