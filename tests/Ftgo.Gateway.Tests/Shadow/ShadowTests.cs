using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;
using Microsoft.AspNetCore.Http;

namespace Ftgo.Gateway.Tests.Shadow;

/// <summary>Shadow comparison against the real monolith, with a new side the test controls.</summary>
public sealed class ShadowTests : IAsyncLifetime
{
    private FakeService _delivery = null!;
    private GatewayApp _gateway = null!;
    private FtgoClient _client = null!;
    private long _courierId;
    private string _legacyJson = null!;

    public async Task InitializeAsync()
    {
        var legacy = LegacyPair.Instance.Legacy;
        _delivery = await FakeService.StartAsync("delivery");
        _gateway = new GatewayApp(legacy.BaseAddress, _delivery.BaseAddress, _delivery.BaseAddress,
            new Dictionary<string, GroupFlags> { ["delivery"] = new() { Stage = MigrationStage.Shadow } },
            new Dictionary<string, string?>
            {
                ["Ftgo:Gateway:Groups:delivery:Shadow:IgnorePaths:0"] = "$.address.street2",
                ["Ftgo:Gateway:Groups:delivery:Shadow:NumericTolerance"] = "0.5",
                ["Ftgo:Gateway:Shadow:QueueCapacity"] = "1",
                ["Ftgo:Gateway:Shadow:Workers"] = "1",
                ["Ftgo:Gateway:Shadow:MaxBodyBytes"] = "4096",
            }).Start();
        _client = await FtgoClient.LoginAsync(_gateway.Client);
        // Unavailable: the tests sharing this monolith accept orders, which would plan an available courier's
        // actions between this read and the comparison (as ConfirmationTests and CaptureTests do).
        _courierId = await _client.CreateCourierAsync(available: false);
        _legacyJson = (await new FtgoClient(Loopback.Client(legacy.BaseAddress)).GetAsync($"/couriers/{_courierId}")).Body;
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _delivery.DisposeAsync();
    }

    private JsonObject LegacyCourier() => JsonNode.Parse(_legacyJson)!.AsObject();

    private async Task<JsonObject> Report() =>
        (await _gateway.Admin.GetFromJsonAsync<JsonArray>("/_strangler/groups"))!.Single(g => g!["group"]!.GetValue<string>() == "delivery")!.AsObject();

    private async Task<JsonObject> ReadThroughGatewayAndWaitForTheComparison()
    {
        var before = (await Report())["compared"]!.GetValue<long>() + (await Report())["shadowErrors"]!.GetValue<long>();
        var answer = await _client.GetAsync($"/couriers/{_courierId}");
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("legacy", answer.Origin);
        Assert.Equal(_legacyJson, answer.Body);
        return await Eventually.UntilAsync(Report, r => r["compared"]!.GetValue<long>() + r["shadowErrors"]!.GetValue<long>() > before,
            "the comparison");
    }

    [Fact]
    public async Task ADifferentNewSideAnswer_IsCaught_WithTheRightPaths_AndBothBodiesKept()
    {
        var wrong = LegacyCourier();
        wrong["available"] = true;
        wrong["name"]!["lastName"] = "Someone Else";
        _delivery.Handler = FakeService.Json(wrong.ToJsonString());
        var mismatchedBefore = (await Report())["mismatched"]!.GetValue<long>();

        var report = await ReadThroughGatewayAndWaitForTheComparison();

        Assert.Equal(mismatchedBefore + 1, report["mismatched"]!.GetValue<long>());
        var mismatches = await _gateway.Admin.GetFromJsonAsync<JsonArray>("/_strangler/groups/delivery/mismatches?limit=1");
        var kept = mismatches!.Single()!;
        Assert.Equal(["$.name.lastName", "$.available"], kept["paths"]!.AsArray().Select(p => p!.GetValue<string>()));
        Assert.Equal(_legacyJson, kept["legacyBody"]!.GetValue<string>());
        Assert.Equal(wrong.ToJsonString(), kept["newBody"]!.GetValue<string>());
        Assert.Equal("legacy", kept["origin"]!.GetValue<string>());
        Assert.Equal($"/couriers/{_courierId}", kept["path"]!.GetValue<string>());
        Assert.Contains("$.available", report["recentMismatches"]!.ToJsonString());
    }

    [Fact]
    public async Task IgnoredPaths_NumbersWithinTolerance_AndLegacyQuirks_StillMatch()
    {
        var equivalent = LegacyCourier();
        equivalent["address"]!["street2"] = "somewhere else entirely";
        equivalent["id"] = _courierId + 0.4m;
        var renamed = new JsonObject();
        foreach (var (name, value) in equivalent)
        {
            renamed[char.ToUpperInvariant(name[0]) + name[1..]] = value?.DeepClone();
        }
        _delivery.Handler = FakeService.Json(renamed.ToJsonString());
        var before = await Report();

        var report = await ReadThroughGatewayAndWaitForTheComparison();

        Assert.Equal(before["matched"]!.GetValue<long>() + 1, report["matched"]!.GetValue<long>());
        Assert.Equal(before["mismatched"]!.GetValue<long>(), report["mismatched"]!.GetValue<long>());

        var beyond = LegacyCourier();
        beyond["id"] = _courierId + 0.6m;
        _delivery.Handler = FakeService.Json(beyond.ToJsonString());
        report = await ReadThroughGatewayAndWaitForTheComparison();
        Assert.Equal(before["mismatched"]!.GetValue<long>() + 1, report["mismatched"]!.GetValue<long>());
    }

    [Fact]
    public async Task AFullQueue_DropsAndCounts_WithoutHoldingClientsBack()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var legacyCourier = _legacyJson;
        _delivery.Handler = async http =>
        {
            await release.Task;
            await FakeService.Json(legacyCourier)(http);
        };
        var before = await Report();
        const int reads = 20;

        // Every client answer comes back while the new side holds every copy: clients never wait for copies.
        for (var i = 0; i < reads; i++)
        {
            var answer = await _client.GetAsync($"/couriers/{_courierId}");
            Assert.Equal(HttpStatusCode.OK, answer.Status);
        }
        var held = await Report();
        var dropped = held["dropped"]!.GetValue<long>() - before["dropped"]!.GetValue<long>();
        // One copy is with the (single) worker, at most one waits in the queue (capacity 1); the rest are dropped.
        Assert.InRange(dropped, reads - 2, reads - 1);
        Assert.Equal(before["compared"]!.GetValue<long>(), held["compared"]!.GetValue<long>());

        release.SetResult();
        var settled = await Eventually.UntilAsync(Report,
            r => r["compared"]!.GetValue<long>() - before["compared"]!.GetValue<long>() == reads - dropped, "the held copies compared");
        Assert.Equal(dropped, settled["dropped"]!.GetValue<long>() - before["dropped"]!.GetValue<long>());
    }

    [Fact]
    public async Task ANewSideBody_OfAnnouncedLength_IsCompared_AndOneBeyondTheLimit_IsAShadowError_NotAMismatch()
    {
        var legacyCourier = _legacyJson;
        _delivery.Handler = async http =>
        {
            // As a service that announces its length (the copy's body is read into an array of that size).
            var bytes = System.Text.Encoding.UTF8.GetBytes(legacyCourier);
            http.Response.ContentType = "application/json";
            http.Response.ContentLength = bytes.Length;
            await http.Response.Body.WriteAsync(bytes);
        };
        var before = await Report();
        var report = await ReadThroughGatewayAndWaitForTheComparison();
        Assert.Equal(before["matched"]!.GetValue<long>() + 1, report["matched"]!.GetValue<long>());

        // Longer than Shadow:MaxBodyBytes (4 KiB here), announced or streamed: not compared, counted as an error.
        var longer = LegacyCourier();
        longer["notes"] = new string('x', 5000);
        foreach (var announced in new[] { true, false })
        {
            var body = longer.ToJsonString();
            _delivery.Handler = async http =>
            {
                http.Response.ContentType = "application/json";
                if (announced)
                {
                    http.Response.ContentLength = System.Text.Encoding.UTF8.GetByteCount(body);
                }
                await http.Response.WriteAsync(body);
            };
            before = await Report();
            report = await ReadThroughGatewayAndWaitForTheComparison();
            Assert.Equal(before["shadowErrors"]!.GetValue<long>() + 1, report["shadowErrors"]!.GetValue<long>());
            Assert.Equal(before["mismatched"]!.GetValue<long>(), report["mismatched"]!.GetValue<long>());
            Assert.Equal(before["matched"]!.GetValue<long>(), report["matched"]!.GetValue<long>());
        }
    }
}
