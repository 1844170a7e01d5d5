using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Comparison;
using Ftgo.Comparison.Capture;
using Ftgo.Gateway.Capture;
using Ftgo.Gateway.Routing;
using Ftgo.Gateway.Shadow;
using Ftgo.Gateway.Telemetry;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;
using Microsoft.AspNetCore.Http;

namespace Ftgo.Gateway.Tests.Capture;

/// <summary>
/// Traffic capture through the real gateway in shadow: the real monolith on the legacy side, a new side
/// the test controls (it answers with secrets in its headers and body, and sees the gateway's service token).
/// </summary>
public sealed class CaptureTests : IAsyncLifetime
{
    private const string SetCookieSecret = "set-cookie-secret-4f1d";
    private const string HeaderSecret = "header-secret-9a2c";
    private const string BodySecret = "body-secret-77e0";
    private const string QuerySecret = "query-secret-31bb";

    private FakeService _delivery = null!;
    private GatewayApp _gateway = null!;
    private FtgoClient _client = null!;
    private long _courierId;
    private string _legacyJson = null!;

    public async Task InitializeAsync()
    {
        var legacy = LegacyPair.Instance.Legacy;
        _courierId = await FtgoClient.CourierOnLegacyAsync(legacy.BaseAddress, available: false);
        _legacyJson = (await new FtgoClient(Loopback.Client(legacy.BaseAddress)).GetAsync($"/couriers/{_courierId}")).Body;
        _delivery = await FakeService.StartAsync("delivery");
        _delivery.Handler = async http =>
        {
            var answer = JsonNode.Parse(_legacyJson)!.AsObject();
            answer["available"] = true;
            answer["token"] = BodySecret;
            http.Response.Headers.SetCookie = $"FTGO_SESSION={SetCookieSecret}; HttpOnly";
            http.Response.Headers["X-Session-Token"] = HeaderSecret;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(answer.ToJsonString());
        };
        _gateway = Gateway();
        _client = await FtgoClient.LoginAsync(_gateway.Client);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _delivery.DisposeAsync();
    }

    private GatewayApp Gateway(IDictionary<string, string?>? more = null)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Ftgo:Gateway:Groups:delivery:Shadow:IgnorePaths:0"] = "$.address.street2",
            ["Ftgo:Gateway:Groups:delivery:Shadow:NumericTolerance"] = "0.25",
        };
        foreach (var (key, value) in more ?? new Dictionary<string, string?>())
        {
            settings[key] = value;
        }
        return new GatewayApp(LegacyPair.Instance.Legacy.BaseAddress, _delivery.BaseAddress, _delivery.BaseAddress,
            new Dictionary<string, GroupFlags> { ["delivery"] = new() { Stage = MigrationStage.Shadow } }, settings).Start();
    }

    private static async Task<JsonObject> Capture(GatewayApp gateway) =>
        (await gateway.Admin.GetFromJsonAsync<JsonObject>("/_strangler/capture"))!;

    private static async Task<JsonObject> DeliveryFile(GatewayApp gateway) =>
        (await Capture(gateway))["files"]!.AsArray().Single(f => f!["group"]!.GetValue<string>() == "delivery")!.AsObject();

    private static long Count(JsonObject file, string counter) => file[counter]!.GetValue<long>();

    private static async Task<JsonObject> SwitchAsync(GatewayApp gateway, object change)
    {
        var response = await gateway.Admin.PostAsJsonAsync("/_strangler/capture", change);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Reads through the gateway (answered by legacy) and waits until the copy has been compared.</summary>
    private async Task ReadAndWaitForTheComparison(FtgoClient client, GatewayApp gateway, string query = "")
    {
        var before = gateway.Metrics.Group("delivery").Origins.Values.Sum(o => o.Compared + o.ShadowErrors);
        var answer = await client.GetAsync($"/couriers/{_courierId}{query}");
        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal(_legacyJson, answer.Body);
        await Eventually.UntilAsync(() => gateway.Metrics.Group("delivery").Origins.Values.Sum(o => o.Compared + o.ShadowErrors) > before,
            "the shadow comparison");
    }

    [Fact]
    public async Task CaptureIsOffByDefault_AndNothingIsWritten()
    {
        await ReadAndWaitForTheComparison(_client, _gateway);

        var capture = await Capture(_gateway);
        Assert.False(capture["enabled"]!.GetValue<bool>());
        var file = await DeliveryFile(_gateway);
        Assert.Equal(0, Count(file, "recorded"));
        Assert.False(File.Exists(file["file"]!.GetValue<string>()));
    }

    [Fact]
    public async Task SwitchedOn_RecordsTheRequestAndBothAnswers_WithEverySecretRedacted()
    {
        var switched = await SwitchAsync(_gateway, new { enabled = true, groups = new[] { "delivery" } });
        Assert.True(switched["enabled"]!.GetValue<bool>());
        Assert.Equal(["delivery"], switched["groups"]!.AsArray().Select(g => g!.GetValue<string>()));

        await ReadAndWaitForTheComparison(_client, _gateway, $"?access_token={QuerySecret}&view=full");
        var file = await Eventually.UntilAsync(() => DeliveryFile(_gateway), f => Count(f, "recorded") == 1, "the exchange recorded");

        var path = file["file"]!.GetValue<string>();
        var text = await File.ReadAllTextAsync(path);
        var jwt = _delivery.Requests.Last(r => r.Path == $"/couriers/{_courierId}").Headers["Authorization"]["Bearer ".Length..];
        foreach (var secret in new[] { _client.Cookie!.Split('=', 2)[1], jwt, SetCookieSecret, HeaderSecret, BodySecret, QuerySecret })
        {
            Assert.DoesNotContain(secret, text);
        }
        var lines = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(CaptureFormat.Read).ToList();
        var header = Assert.IsType<CaptureHeader>(lines[0]);
        Assert.Equal(CaptureFormat.Version, header.Format);
        Assert.Equal(["$.address.street2"], header.Rules.IgnorePaths);
        Assert.Equal(0.25, header.Rules.NumericTolerance);
        Assert.Contains("$..token", header.RedactedBodyPaths);
        var exchange = Assert.IsType<CapturedExchange>(Assert.Single(lines.Skip(1)));
        Assert.Equal(("delivery", "shadow", "legacy", "GET"), (exchange.Group, exchange.Stage, exchange.Primary, exchange.Method));
        Assert.Equal($"/couriers/{_courierId}?access_token={CaptureFormat.Redacted}&view=full", exchange.Path);
        Assert.Equal(CaptureFormat.Redacted, exchange.RequestHeaders["Cookie"]);
        Assert.Equal(200, exchange.Legacy.Status);
        Assert.Equal(_legacyJson, exchange.Legacy.Body);
        Assert.Equal(200, exchange.New.Status);
        Assert.Equal(CaptureFormat.Redacted, exchange.New.Headers!["Set-Cookie"]);
        Assert.Equal(CaptureFormat.Redacted, exchange.New.Headers["X-Session-Token"]);
        Assert.Equal(CaptureFormat.Redacted, JsonNode.Parse(exchange.New.Body!)!["token"]!.GetValue<string>());
        Assert.False(exchange.Matched);
        Assert.Equal(["$.available", "$.token"], exchange.Differences);
        Assert.InRange(exchange.At, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow);

        var off = await SwitchAsync(_gateway, new { enabled = false });
        Assert.False(off["enabled"]!.GetValue<bool>());
        await ReadAndWaitForTheComparison(_client, _gateway);
        Assert.Equal(text, await File.ReadAllTextAsync(path));
        Assert.Equal(1, Count(await DeliveryFile(_gateway), "recorded"));
    }

    [Fact]
    public async Task TheAdminApi_RefusesWithoutTheToken_AndExplainsABadChange()
    {
        var anonymous = await _gateway.Client.PostAsJsonAsync("/_strangler/capture", new { enabled = true });
        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await _gateway.Client.GetAsync("/_strangler/capture")).StatusCode);

        foreach (var (change, detail) in new (object, string)[]
                 {
                     (new { enabled = true, groups = new[] { "billing" } }, "There is no route group 'billing'"),
                     (new { groups = new[] { "delivery" } }, "'enabled' (true or false) is required"),
                 })
        {
            var response = await _gateway.Admin.PostAsJsonAsync("/_strangler/capture", change);
            var problem = await response.Content.ReadFromJsonAsync<JsonObject>();
            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("urn:ftgo:problem:invalid-capture", problem!["type"]!.GetValue<string>());
            Assert.Contains(detail, problem["detail"]!.GetValue<string>());
        }
        Assert.False((await Capture(_gateway))["enabled"]!.GetValue<bool>());
    }

    [Fact]
    public async Task AFolderThatCannotBeWritten_CountsTheFailure_AndTheClientIsAnsweredAsUsual()
    {
        using var folder = new TempFolder("ftgo-capture");
        var notAFolder = folder.File("plain-file");
        await File.WriteAllTextAsync(notAFolder, "");
        await using var gateway = Gateway(new Dictionary<string, string?>
        {
            ["Ftgo:Gateway:Capture:Enabled"] = "true",
            ["Ftgo:Gateway:Capture:Folder"] = Path.Combine(notAFolder, "capture"),
        });
        var client = await FtgoClient.LoginAsync(gateway.Client);

        await ReadAndWaitForTheComparison(client, gateway);
        await ReadAndWaitForTheComparison(client, gateway);

        var file = await Eventually.UntilAsync(() => DeliveryFile(gateway), f => Count(f, "failed") == 2, "the failures counted");
        Assert.Equal(0, Count(file, "recorded"));
        Assert.False(string.IsNullOrEmpty(file["lastError"]!.GetValue<string>()));
    }

    [Fact]
    public async Task BodiesAreCapped_AndAFileStopsGrowingAtItsLimit()
    {
        using var folder = new TempFolder("ftgo-capture");
        const int maxFileBytes = 4000;
        await using var gateway = Gateway(new Dictionary<string, string?>
        {
            ["Ftgo:Gateway:Capture:Enabled"] = "true",
            ["Ftgo:Gateway:Capture:Folder"] = folder.Path,
            ["Ftgo:Gateway:Capture:MaxBodyBytes"] = "16",
            ["Ftgo:Gateway:Capture:MaxFileBytes"] = maxFileBytes.ToString(),
        });
        var client = await FtgoClient.LoginAsync(gateway.Client);
        const int reads = 8;

        for (var i = 0; i < reads; i++)
        {
            await ReadAndWaitForTheComparison(client, gateway);
        }

        var file = await Eventually.UntilAsync(() => DeliveryFile(gateway), f => Count(f, "recorded") + Count(f, "skipped") == reads,
            "every exchange recorded or skipped");
        Assert.InRange(Count(file, "recorded"), 1, reads - 1);
        var path = folder.File("delivery.jsonl");
        Assert.InRange(new FileInfo(path).Length, 1, maxFileBytes);
        var exchanges = File.ReadAllLines(path).Select(CaptureFormat.Read).OfType<CapturedExchange>().ToList();
        Assert.Equal(Count(file, "recorded"), exchanges.Count);
        Assert.All(exchanges, e =>
        {
            Assert.True(e.Legacy.Truncated && e.New.Truncated);
            Assert.Equal(_legacyJson[..16], e.Legacy.Body);
        });
    }

    [Fact]
    public void AFullQueue_DropsAndCounts_InsteadOfWaiting()
    {
        var services = _gateway.Services;
        var stats = new CaptureStats(services.GetRequiredService<GatewayMetrics>());
        var options = Microsoft.Extensions.Options.Options.Create(new CaptureOptions { Enabled = true, QueueCapacity = 2 });
        // No writer reads this queue: it stands for a disk that has stopped answering.
        var queue = new CaptureQueue(options, new CaptureSwitch(options), stats);
        var group = services.GetRequiredService<RoutingTableSource>().Current.Groups["delivery"];
        var answer = new HttpAnswer(200, "application/json", "{}"u8.ToArray(), false);
        var item = new CaptureItem(new ShadowWork(group, "/couriers/1", "/couriers/1", Side.New, "legacy", "", "", answer, 0),
            DateTimeOffset.UtcNow, answer, [], answer, [], ComparisonVerdict.Match);

        for (var i = 0; i < 5; i++)
        {
            queue.Offer(item);
        }

        var report = Assert.Single(stats.Report(g => g));
        Assert.Equal(("delivery", 3L, 0L), (report.Group, report.Dropped, report.Recorded));
        Assert.Equal(2, queue.Reader.Count);
    }
}
