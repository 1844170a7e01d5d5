using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;

namespace Ftgo.Gateway.Tests.Timeline;

/// <summary><c>GET /_strangler/timeline</c> on a real gateway sampling every 100 ms: the traffic it answered, and its flags changes as markers.</summary>
public sealed class TimelineApiTests : IAsyncLifetime
{
    private FakeService _backend = null!;
    private GatewayApp _gateway = null!;

    public async Task InitializeAsync()
    {
        _backend = await FakeService.StartAsync("backend");
        _gateway = new GatewayApp(_backend.BaseAddress, _backend.BaseAddress, _backend.BaseAddress,
            settings: new Dictionary<string, string?> { ["Ftgo:Gateway:Timeline:Interval"] = "00:00:00.100" }).Start();
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Fact]
    public async Task TheTimeline_HoldsEachSidesAnswers_AndTheStageChangesAndRollbacks()
    {
        await _gateway.SetAsync("delivery", MigrationStage.Live, 50, f => f with { ShadowSampleRatio = 0 });
        _backend.Handler = http => http.Request.Path == "/couriers/13" ? FakeService.Json("{}", 500)(http) : _backend.DefaultAnswer(http);
        // At live a courier is read where it was registered: below 10⁹ the monolith, from 10⁹ the Delivery service.
        foreach (var path in new[] { "/couriers/17", "/couriers/17", "/couriers/13", "/couriers/1000000000", "/couriers/1000000001", "/couriers/1000000002" })
        {
            await _gateway.Client.GetAsync(path);
        }
        var answered = await Eventually.UntilAsync(async () => (await Timeline("?group=delivery"))["groups"]![0]!,
            g => Sum(g, "legacy", "requests") == 3 && Sum(g, "new", "requests") == 3, "the six answers in delivery's timeline");
        // Sampled while the group was at live: each sample says the stage it was taken at.
        Assert.Contains(answered["samples"]!.AsArray(), s => s!["stage"]!.GetValue<string>() == "live" && s["percent"]!.GetValue<double>() == 50
                                                             && s["new"]!["requests"]!.GetValue<long>() > 0);

        await _gateway.Services.GetRequiredService<IMigrationFlagsWriter>().UpdateAsync("delivery",
            f => f with { Stage = MigrationStage.DualWrite, Percent = 0, Reason = "error rate 60 %" },
            new FlagsWrite("gateway auto-rollback", FlagsWriter.AutoRollback));
        var delivery = await Eventually.UntilAsync(async () => (await Timeline("?group=delivery"))["groups"]![0]!,
            g => g["events"]!.AsArray().Count == 2, "the two changes in delivery's timeline");

        Assert.Equal(1, Sum(delivery, "legacy", "serverErrors"));
        Assert.Equal(0, Sum(delivery, "new", "serverErrors"));
        Assert.Contains(delivery["samples"]!.AsArray(), s => s!["legacy"]!["p99Ms"] is not null);
        var events = delivery["events"]!.AsArray();
        Assert.Equal(("stage", "off", "live", 50.0), Event(events[0]!));
        Assert.Equal(("rollback", "live", "dualwrite", 0.0), Event(events[1]!));
        Assert.Equal("auto-rollback", events[1]!["writer"]!.GetValue<string>());
        Assert.Equal("error rate 60 %", events[1]!["reason"]!.GetValue<string>());
    }

    [Fact]
    public async Task TheTimeline_ListsEveryGroup_ItsIntervalAndSpan()
    {
        var timeline = await Eventually.UntilAsync(() => Timeline(""), t => t["groups"]!.AsArray().All(g => g!["samples"]!.AsArray().Count > 0),
            "a first sample of every group");

        Assert.Equal(["delivery", "delivery-features", "kitchen"], timeline["groups"]!.AsArray().Select(g => g!["group"]!.GetValue<string>()));
        Assert.Equal(0.1, timeline["intervalSeconds"]!.GetValue<double>());
        Assert.Equal(900, timeline["spanSeconds"]!.GetValue<double>());
    }

    [Fact]
    public async Task EachSample_CarriesTheCdcLag_TheNewServiceReports_AndNoneWhileItCannotSay()
    {
        // The Delivery service's report as it reads its runners' beats: running with a lag, then stopped, then not answering.
        var report = """{"state":"running","lagSeconds":0.25,"heartbeatAgeSeconds":0.5}""";
        _backend.Handler = http => http.Request.Path == "/_ftgo/cdc" ? FakeService.Json(report)(http) : _backend.DefaultAnswer(http);
        await Eventually.UntilAsync(() => LagsAsync(), lags => lags.Count > 0 && lags[^1] == 0.25, "the reported lag in delivery's samples");

        report = """{"state":"stopped","lagSeconds":null,"heartbeatAgeSeconds":3}""";
        var afterStop = (await LagsAsync()).Count;
        await Eventually.UntilAsync(() => LagsAsync(), lags => lags.Count > afterStop + 2 && lags[^1] is null && lags[^2] is null,
            "samples without a lag once no runner beats");

        _backend.Handler = http => http.Request.Path == "/_ftgo/cdc" ? FakeService.Json("{}", 404)(http) : _backend.DefaultAnswer(http);
        var after404 = (await LagsAsync()).Count;
        var lags = await Eventually.UntilAsync(() => LagsAsync(), l => l.Count > after404 + 2, "samples taken while the service has no report");
        Assert.Null(lags[^1]);
        // The 404s are the gateway's own questions, not traffic: no group counted them.
        Assert.Equal(0, _gateway.Answered("delivery"));
    }

    [Fact]
    public async Task TheTimeline_AsksTheAdminToken_AndKnowsItsGroups()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await _gateway.Client.GetAsync("/_strangler/timeline")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await _gateway.Admin.GetAsync("/_strangler/timeline?group=nope")).StatusCode);
    }

    private async Task<List<double?>> LagsAsync() => (await Timeline("?group=delivery"))["groups"]![0]!["samples"]!.AsArray()
        .Select(s => s!["cdcLagSeconds"]?.GetValue<double?>()).ToList();

    private async Task<JsonNode> Timeline(string query) => (await _gateway.Admin.GetFromJsonAsync<JsonNode>("/_strangler/timeline" + query))!;

    private static long Sum(JsonNode group, string side, string field) =>
        group["samples"]!.AsArray().Sum(s => s![side]![field]!.GetValue<long>());

    private static (string, string, string, double) Event(JsonNode e) =>
        (e["kind"]!.GetValue<string>(), e["from"]!.GetValue<string>(), e["to"]!.GetValue<string>(), e["toPercent"]!.GetValue<double>());
}
