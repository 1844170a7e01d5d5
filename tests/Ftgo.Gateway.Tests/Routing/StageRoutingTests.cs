using System.Net;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Glue.Acl;
using Ftgo.Stages;

namespace Ftgo.Gateway.Tests.Routing;

/// <summary>Every stage, for reads and writes: who answers, what the origin header says, what is copied.</summary>
public sealed class StageRoutingTests : IAsyncLifetime
{
    private FakeService _kitchen = null!;
    private FakeService _delivery = null!;
    private GatewayApp _gateway = null!;
    private FtgoClient _client = null!;
    private long _courierId;

    public async Task InitializeAsync()
    {
        var legacy = LegacyPair.Instance.Legacy;
        _kitchen = await FakeService.StartAsync("kitchen");
        _delivery = await FakeService.StartAsync("delivery");
        // The fakes never answer like legacy: with confirmation on, each copy would be read again, and these tests
        // count the copies themselves (the re-read is ConfirmationTests' subject).
        _gateway = new GatewayApp(legacy.BaseAddress, _kitchen.BaseAddress, _delivery.BaseAddress,
            // Every courier counts as the service's (a start of 1), so that at live the monolith's courier is the new
            // side's to answer: which side registered a courier is StickinessTests' subject.
            settings: new Dictionary<string, string?>
            {
                ["Ftgo:Gateway:Shadow:ConfirmAfter"] = "0",
                [CourierIdRange.StartKey] = "1",
            }).Start();
        _client = await FtgoClient.LoginAsync(_gateway.Client);
        _courierId = await _client.CreateCourierAsync();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _kitchen.DisposeAsync();
        await _delivery.DisposeAsync();
    }

    public static TheoryData<MigrationStage, string> WhoAnswers => new()
    {
        { MigrationStage.Off, "legacy" },
        { MigrationStage.DualWrite, "legacy" },
        { MigrationStage.Shadow, "legacy" },
        { MigrationStage.Live, "new" },
        { MigrationStage.RampDown, "new" },
        { MigrationStage.Complete, "new" },
    };

    [Theory]
    [MemberData(nameof(WhoAnswers))]
    public async Task AWrite_GoesToOneSideOnly_AndSaysWhichInTheOriginHeader(MigrationStage stage, string side)
    {
        await _gateway.SetAsync("kitchen", stage, percent: 100);
        var before = _kitchen.Count("POST", "/orders/987654/accept");

        var answer = await _client.PostAsync("/orders/987654/accept", new { readyBy = DateTime.Now.AddHours(1) });

        if (side == "new")
        {
            Assert.Equal(HttpStatusCode.OK, answer.Status);
            Assert.Equal("kitchen", answer.Origin);
            Assert.Equal("/orders/987654/accept", answer.Json!["path"]!.GetValue<string>());
            Assert.Equal(before + 1, _kitchen.Count("POST", "/orders/987654/accept"));
        }
        else
        {
            // The monolith knows no order 987654: its own 404 problem comes back.
            Assert.Equal(HttpStatusCode.NotFound, answer.Status);
            Assert.Equal("legacy", answer.Origin);
            Assert.Equal(before, _kitchen.Count("POST", "/orders/987654/accept"));
        }
    }

    [Theory]
    [MemberData(nameof(WhoAnswers))]
    public async Task ARead_IsAnsweredByOneSide_AndCopiedToTheOtherOnlyAtShadowAndLive(MigrationStage stage, string side)
    {
        await _gateway.SetAsync("delivery", stage, percent: 100);
        var path = $"/couriers/{_courierId}";
        var newBefore = _delivery.Count("GET", path);
        var groupBefore = _gateway.Answered("delivery");
        var shadowBefore = ShadowActivity();

        var answer = await _client.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(side == "new" ? "delivery" : "legacy", answer.Origin);
        if (side == "legacy")
        {
            Assert.Equal(_courierId, answer.Json!["id"]!.GetValue<long>());
        }
        // The answer is counted after any copy is queued: once counted, every copy there is is visible.
        await Eventually.UntilAsync(() => _gateway.Answered("delivery") > groupBefore, "the answer counted");
        var copied = stage is MigrationStage.Shadow or MigrationStage.Live;
        if (copied)
        {
            await Eventually.UntilAsync(() => ShadowActivity() == shadowBefore + 1, "the shadow comparison");
        }
        Assert.Equal(shadowBefore + (copied ? 1 : 0), ShadowActivity());
        var newSideHits = (side == "new" ? 1 : 0) + (stage == MigrationStage.Shadow ? 1 : 0);
        Assert.Equal(newBefore + newSideHits, _delivery.Count("GET", path));
    }

    [Theory]
    [InlineData(MigrationStage.Shadow)]
    [InlineData(MigrationStage.Live)]
    public async Task Writes_AreNeverCopied(MigrationStage stage)
    {
        await _gateway.SetAsync("delivery", stage, percent: 0);
        var before = _gateway.Answered("delivery");
        var shadowBefore = ShadowActivity();

        var newBefore = _delivery.Count("POST", $"/couriers/{_courierId}/availability");

        var answer = await _client.PostAsync($"/couriers/{_courierId}/availability", new { available = true });

        // At live the courier's write goes to the side that registered it (here the service, see the settings).
        var onNew = stage == MigrationStage.Live;
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(onNew ? "delivery" : "legacy", answer.Origin);
        await Eventually.UntilAsync(() => _gateway.Answered("delivery") > before, "the answer counted");
        Assert.Equal(shadowBefore, ShadowActivity());
        Assert.Equal(newBefore + (onNew ? 1 : 0), _delivery.Count("POST", $"/couriers/{_courierId}/availability"));
    }

    [Theory]
    [InlineData(MigrationStage.Off)]
    [InlineData(MigrationStage.Live)]
    [InlineData(MigrationStage.Complete)]
    public async Task RoutesOutsideEveryGroup_GoToLegacy_AtEveryStage(MigrationStage stage)
    {
        await _gateway.SetAsync("kitchen", stage, percent: 100);
        await _gateway.SetAsync("delivery", stage, percent: 100);

        var answer = await _client.GetAsync($"/consumers/999999");

        Assert.Equal(HttpStatusCode.NotFound, answer.Status);
        Assert.Equal("legacy", answer.Origin);
        Assert.Equal("urn:ftgo:problem:not-found", answer.Json!["type"]!.GetValue<string>());
    }

    [Fact]
    public async Task ANewOnlyFeature_IsNotFoundUntilLive_ThenTheServiceAnswers()
    {
        await _gateway.SetAsync("delivery-features", MigrationStage.Shadow);
        var hidden = await _client.GetAsync("/deliveries/late");
        Assert.Equal(HttpStatusCode.NotFound, hidden.Status);
        Assert.Equal("gateway", hidden.Origin);
        Assert.Equal(0, _delivery.Count("GET", "/deliveries/late"));

        await _gateway.SetAsync("delivery-features", MigrationStage.Complete);
        var shown = await _client.GetAsync("/deliveries/late");
        Assert.Equal(HttpStatusCode.OK, shown.Status);
        Assert.Equal("delivery", shown.Origin);
        Assert.Equal(1, _delivery.Count("GET", "/deliveries/late"));
    }

    [Fact]
    public async Task TheGatewaysOwnAnswers_SayGateway()
    {
        var health = await _gateway.Client.GetAsync("/healthz");
        Assert.Equal("gateway", health.Headers.GetValues("X-Ftgo-Origin").Single());
        var admin = await _gateway.Admin.GetAsync("/_strangler/groups");
        Assert.Equal("gateway", admin.Headers.GetValues("X-Ftgo-Origin").Single());
    }

    private long ShadowActivity()
    {
        var group = _gateway.Metrics.Group("delivery");
        return group.Origins.Values.Sum(o => o.Compared + o.ShadowErrors + o.Dropped);
    }
}
