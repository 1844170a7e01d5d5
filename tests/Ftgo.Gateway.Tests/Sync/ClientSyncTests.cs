using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;
using Microsoft.AspNetCore.Http;

namespace Ftgo.Gateway.Tests.Sync;

/// <summary>
/// The gateway's half of causal consistency: what a side answers a client's write in <c>X-Ftgo-Sync</c>
/// travels with that client's next requests, in its cookie, to whichever side and through whichever
/// gateway replica answers them; a client without cookies sends the token itself; a malformed token is
/// refused; nobody else's requests carry it.
/// </summary>
public sealed class ClientSyncTests : IAsyncLifetime
{
    private const string Header = "X-Ftgo-Sync";
    private const string MessageId = "0f8fad5bd9cb469fa165708677289c0b";
    private FakeService _legacy = null!;
    private FakeService _kitchen = null!;
    private GatewayApp _gateway = null!;

    public async Task InitializeAsync()
    {
        _legacy = await FakeService.StartAsync("legacy");
        _legacy.Handler = http =>
        {
            if (http.Request.Path == "/orders" && HttpMethods.IsPost(http.Request.Method))
            {
                http.Response.Headers[Header] = $"cdc=42, kitchen={MessageId}";
            }
            return _legacy.DefaultAnswer(http);
        };
        _legacy.AnswerSessions();
        _kitchen = await FakeService.StartAsync("kitchen");
        _gateway = new GatewayApp(_legacy.BaseAddress, _kitchen.BaseAddress, _kitchen.BaseAddress).Start();
        await _gateway.SetAsync("kitchen", MigrationStage.Complete);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _legacy.DisposeAsync();
        await _kitchen.DisposeAsync();
    }

    [Fact]
    public async Task AWriteAnsweredByLegacy_TravelsInTheClientsCookie_ToTheNewSide_ThroughAnotherReplica()
    {
        await using var other = new GatewayApp(_legacy.BaseAddress, _kitchen.BaseAddress, _kitchen.BaseAddress).Start();
        await other.SetAsync("kitchen", MigrationStage.Complete);
        using var create = await SendAsync(HttpMethod.Post, "/orders", FakeService.SessionCookie);
        Assert.Equal($"cdc=42, kitchen={MessageId}", create.Headers.GetValues(Header).Single());
        var setCookie = create.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith("ftgo-sync=", StringComparison.Ordinal));
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        var sync = setCookie.Split(';')[0];

        // The client's next request reaches a replica that never saw it: its past travels in its cookie.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/orders/5/accept");
        request.Headers.Add("Cookie", $"{FakeService.SessionCookie}; {sync}");
        using var accept = await other.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, accept.StatusCode);
        Assert.Equal("kitchen", accept.Headers.GetValues("X-Ftgo-Origin").Single());
        var received = _kitchen.Requests.Single(r => r.Path == "/orders/5/accept");
        Assert.Equal($"cdc=42, kitchen={MessageId}", received.Headers[Header]);
        Assert.DoesNotContain("ftgo-sync", received.Headers["Cookie"].ToString());
        Assert.Contains(FakeService.SessionCookie, received.Headers["Cookie"].ToString());
    }

    [Theory]
    [InlineData(-30, true)] // written 30 s ago: still carried
    [InlineData(-90, false)] // older than the 60 s a write is remembered
    public void ThePastInTheCookie_KeepsWhatIsYoungerThanRemember(int secondsAgo, bool kept)
    {
        var now = DateTimeOffset.UtcNow;
        var cookie = $"cdc~42~{now.AddSeconds(secondsAgo).ToUnixTimeSeconds()}!kitchen~{MessageId}~{now.AddSeconds(secondsAgo).ToUnixTimeSeconds()}";

        var token = Ftgo.Gateway.Sync.ClientPast.Read(cookie, now, TimeSpan.FromSeconds(60)).Token;

        Assert.Equal(kept ? $"cdc=42, kitchen={MessageId}" : "", token.ToString());
    }

    [Theory]
    [InlineData("cdc~soon~1")]
    [InlineData("kitchen~not-a-guid~1")]
    [InlineData("garbage")]
    public void ACookieThatDoesNotParse_IsAnEmptyPast(string cookie) =>
        Assert.True(Ftgo.Gateway.Sync.ClientPast.Read(cookie, DateTimeOffset.UtcNow, TimeSpan.FromSeconds(60)).IsEmpty);

    [Fact]
    public async Task ARequestWithoutTheSession_CarriesNothing()
    {
        using var create = await SendAsync(HttpMethod.Post, "/orders", FakeService.SessionCookie);

        using var read = await SendAsync(HttpMethod.Get, "/orders/5", cookie: null);

        Assert.False(_legacy.Requests.Single(r => r.Path == "/orders/5").Headers.ContainsKey(Header));
    }

    [Fact]
    public async Task AClientWithoutCookies_SendsTheTokenItself_AndItIsNotStrippedAsIdentity()
    {
        using var read = await SendAsync(HttpMethod.Get, "/orders/9", cookie: null, token: "cdc=7");

        Assert.Equal("cdc=7", _legacy.Requests.Single(r => r.Path == "/orders/9").Headers[Header]);
    }

    [Fact]
    public async Task AMalformedToken_Is400_AndReachesNoBackend()
    {
        using var read = await SendAsync(HttpMethod.Get, "/orders/9", cookie: null, token: "cdc=soon");

        Assert.Equal(HttpStatusCode.BadRequest, read.StatusCode);
        var problem = JsonNode.Parse(await read.Content.ReadAsStringAsync())!;
        Assert.Equal("invalid-sync-token", problem["code"]!.GetValue<string>());
        Assert.Contains("'cdc=soon' is not a sync entry", problem["detail"]!.GetValue<string>());
        Assert.DoesNotContain(_legacy.Requests, r => r.Path == "/orders/9");
    }

    [Fact]
    public async Task AtLive_ASyncPending503IsNotTheNewSidesFailure()
    {
        await _gateway.SetAsync("kitchen", MigrationStage.Live, percent: 100);
        _kitchen.Handler = http =>
        {
            http.Response.StatusCode = 503;
            http.Response.Headers["X-Ftgo-Sync-Pending"] = "true";
            http.Response.Headers.RetryAfter = "1";
            return Task.CompletedTask;
        };

        using var pending = await SendAsync(HttpMethod.Post, "/orders/2/accept", FakeService.SessionCookie);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, pending.StatusCode);
        Assert.Equal("1", pending.Headers.GetValues("Retry-After").Single());
        var report = (await _gateway.Admin.GetFromJsonAsync<JsonObject>("/_strangler/groups/kitchen"))!;
        // Left out of the window whole: neither a failure nor its wait's time (which a wait that ran out does not report).
        Assert.Equal(0, report["window"]!["requests"]!.GetValue<long>());
        Assert.Equal(0, report["window"]!["failures"]!.GetValue<long>());
        Assert.Equal("live", report["stage"]!.GetValue<string>());
    }

    [Theory]
    [InlineData(1600, "1500", 100)]
    [InlineData(1600, null, 1600)]
    [InlineData(300, "1500", 0)]
    [InlineData(300, "not a number", 300)]
    public void TheLiveWindowTakesTheSyncWaitOutOfTheNewSidesLatency(double elapsedMs, string? waited, double expectedMs)
    {
        var headers = new HeaderDictionary();
        if (waited is not null)
        {
            headers["X-Ftgo-Sync-Waited"] = waited;
        }

        var own = Ftgo.Gateway.Routing.StranglerMiddleware.OwnLatency(TimeSpan.FromMilliseconds(elapsedMs), headers);

        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), own);
    }

    private Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? cookie, string? token = null)
    {
        var request = new HttpRequestMessage(method, path);
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", cookie);
        }
        if (token is not null)
        {
            request.Headers.Add(Header, token);
        }
        return _gateway.Client.SendAsync(request);
    }
}
