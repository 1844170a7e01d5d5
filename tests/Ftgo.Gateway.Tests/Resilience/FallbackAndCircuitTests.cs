using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Glue.Acl;
using Ftgo.Stages;

namespace Ftgo.Gateway.Tests.Resilience;

/// <summary>
/// At live and rampdown, a failed new-side read is answered from legacy (which the new side's events keep current),
/// and a circuit breaker stops calling a failing service. At complete the monolith refuses the group's reads.
/// </summary>
public sealed class FallbackAndCircuitTests : IAsyncLifetime
{
    private FakeService _delivery = null!;
    private GatewayApp _gateway = null!;
    private FtgoClient _client = null!;
    private long _courierId;
    private string _path = null!;

    public async Task InitializeAsync()
    {
        _delivery = await FakeService.StartAsync("delivery");
        _gateway = new GatewayApp(LegacyPair.Instance.Legacy.BaseAddress, _delivery.BaseAddress, _delivery.BaseAddress,
            new Dictionary<string, GroupFlags>
            {
                ["delivery"] = new()
                {
                    Stage = MigrationStage.Live,
                    Percent = 100,
                    ShadowSampleRatio = 0,
                    Rollback = new RollbackBounds { Enabled = false },
                },
            },
            new Dictionary<string, string?>
            {
                // Every courier counts as the service's, so the monolith's courier is read on the new side at live.
                [CourierIdRange.StartKey] = "1",
                ["Ftgo:Gateway:Resilience:MinimumThroughput"] = "6",
                ["Ftgo:Gateway:Resilience:FailureRatio"] = "0.5",
                ["Ftgo:Gateway:Resilience:SamplingDuration"] = "00:00:30",
                ["Ftgo:Gateway:Resilience:BreakDuration"] = "00:01:00",
            }).Start();
        _client = await FtgoClient.LoginAsync(_gateway.Client);
        _courierId = await FtgoClient.CourierOnLegacyAsync(LegacyPair.Instance.Legacy.BaseAddress);
        _path = $"/couriers/{_courierId}";
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _delivery.DisposeAsync();
    }

    private async Task<JsonObject> Report() =>
        (await _gateway.Admin.GetFromJsonAsync<JsonObject>("/_strangler/groups/delivery"))!;

    [Theory]
    [InlineData(MigrationStage.Live)]
    [InlineData(MigrationStage.RampDown)]
    public async Task AReadOnAKilledNewService_IsAnsweredFromLegacy_AWriteIsNot(MigrationStage stage)
    {
        await _gateway.SetAsync("delivery", stage, 100);
        var healthy = await _client.GetAsync(_path);
        Assert.Equal("delivery", healthy.Origin);

        await _delivery.KillAsync();
        var read = await _client.GetAsync(_path);
        var write = await _client.PostAsync($"{_path}/availability", new { available = true });

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal("legacy", read.Origin);
        Assert.Equal(_courierId, read.Json!["id"]!.GetValue<long>());
        // A write is never sent to the other side: it never reached the service, and the client is told to send it again.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, write.Status);
        Assert.Equal("gateway", write.Origin);
        Assert.Equal(1, write.RetryAfterSeconds);
        Assert.Equal("new-side-unavailable", write.Json!["code"]!.GetValue<string>());
        var report = await Report();
        Assert.True(report["fallbacks"]!.GetValue<long>() >= 1);
        Assert.True(report["origins"]!["delivery"]!["newSideFailures"]!.GetValue<long>() >= 2);
    }

    [Theory]
    [InlineData(MigrationStage.Live)]
    [InlineData(MigrationStage.RampDown)]
    public async Task AServerErrorOfTheNewSide_IsReplacedByLegacysAnswer(MigrationStage stage)
    {
        await _gateway.SetAsync("delivery", stage, 100);
        _delivery.Handler = FakeService.Json("""{"title":"boom"}""", status: 500);

        var read = await _client.GetAsync(_path);

        Assert.Equal(HttpStatusCode.OK, read.Status);
        Assert.Equal("legacy", read.Origin);
        Assert.Equal(_courierId, read.Json!["id"]!.GetValue<long>());
        Assert.DoesNotContain("boom", read.Body);
    }

    [Fact]
    public async Task AtComplete_TheMonolithRefusesTheGroupsReads_SoTheNewSidesAnswerStands()
    {
        await _gateway.SetAsync("delivery", MigrationStage.Complete);
        _delivery.Handler = FakeService.Json("""{"title":"boom"}""", status: 500);

        var read = await _client.GetAsync(_path);

        Assert.Equal(HttpStatusCode.InternalServerError, read.Status);
        Assert.Equal("delivery", read.Origin);
        Assert.Equal(0, (await Report())["fallbacks"]!.GetValue<long>());
    }

    [Fact]
    public async Task AFailingNewService_OpensTheCircuit_AndIsNoLongerCalled()
    {
        _delivery.Handler = FakeService.Json("{}", status: 503);
        for (var i = 0; i < 10; i++)
        {
            var read = await _client.GetAsync(_path);
            Assert.Equal(HttpStatusCode.OK, read.Status);
            Assert.Equal("legacy", read.Origin);
        }
        var report = await Report();
        Assert.Equal("open", report["circuit"]!.GetValue<string>());
        var callsWhenOpened = _delivery.Count("GET", _path);
        Assert.InRange(callsWhenOpened, 6, 9);

        for (var i = 0; i < 10; i++)
        {
            var read = await _client.GetAsync(_path);
            Assert.Equal("legacy", read.Origin);
        }
        Assert.Equal(callsWhenOpened, _delivery.Count("GET", _path));
    }

    [Fact]
    public async Task AtComplete_AnOpenCircuit_IsARetryable503_UntilTheBreakEnds_NotA502()
    {
        // At complete nothing answers in the new side's place: while its circuit is open nothing is sent to it,
        // and the client is told when to try again (the break is a minute here).
        await _gateway.SetAsync("delivery", MigrationStage.Complete);
        _delivery.Handler = FakeService.Json("{}", status: 500);
        for (var i = 0; i < 6; i++)
        {
            Assert.Equal(HttpStatusCode.InternalServerError, (await _client.GetAsync(_path)).Status);
        }
        Assert.Equal("open", (await Report())["circuit"]!.GetValue<string>());

        var read = await _client.GetAsync(_path);
        var write = await _client.PostAsync($"{_path}/availability", new { available = true });

        foreach (var answer in new[] { read, write })
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, answer.Status);
            Assert.Equal("gateway", answer.Origin);
            Assert.Equal("new-side-unavailable", answer.Json!["code"]!.GetValue<string>());
            Assert.InRange(answer.RetryAfterSeconds!.Value, 50, 60);
        }
        Assert.Equal(6, _delivery.Count("GET", _path));
        Assert.Equal(0, _delivery.Count("POST", $"{_path}/availability"));
    }

    [Fact]
    public async Task SyncPendingAnswers_AreNotFailures_TheCircuitStaysClosed_AndTheyReachTheClient()
    {
        // What a service answers while a client's earlier writes are still on their way (a broker restarting).
        await _gateway.SetAsync("delivery", MigrationStage.Complete);
        _delivery.Handler = async http =>
        {
            http.Response.Headers[Ftgo.Hosting.Sync.SyncToken.PendingHeader] = "true";
            http.Response.Headers.RetryAfter = "1";
            await FakeService.Json("""{"title":"not yet"}""", status: 503)(http);
        };
        for (var i = 0; i < 10; i++)
        {
            var read = await _client.GetAsync(_path);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, read.Status);
            Assert.Equal("delivery", read.Origin);
        }
        Assert.Equal(10, _delivery.Count("GET", _path));
        Assert.Equal("closed", (await Report())["circuit"]!.GetValue<string>());

        _delivery.Handler = FakeService.Json("""{"id":1}""");
        var after = await _client.GetAsync(_path);
        Assert.Equal(HttpStatusCode.OK, after.Status);
        Assert.Equal("delivery", after.Origin);
    }
}
