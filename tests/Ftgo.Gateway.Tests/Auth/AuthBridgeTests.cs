using System.Net;
using System.Text.Json.Nodes;
using Ftgo.Gateway.Tests.Infrastructure;
using Ftgo.Stages;
using Ftgo.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Ftgo.Gateway.Tests.Auth;

/// <summary>
/// The auth bridge against the real monolith's sessions, and a new service that validates the
/// gateway's token exactly as the extracted services do (<c>AddServiceTokenAuthentication</c>).
/// </summary>
public sealed class AuthBridgeTests : IAsyncLifetime
{
    private FakeService _delivery = null!;
    private GatewayApp _gateway = null!;
    private FtgoClient _client = null!;

    public async Task InitializeAsync()
    {
        _delivery = await FakeService.StartAsync("delivery", requireServiceToken: true);
        _delivery.Handler = FakeService.EchoClaims;
        _gateway = new GatewayApp(LegacyPair.Instance.Legacy.BaseAddress, _delivery.BaseAddress, _delivery.BaseAddress,
            new Dictionary<string, GroupFlags> { ["delivery"] = new() { Stage = MigrationStage.RampDown } }).Start();
        _client = await FtgoClient.LoginAsync(_gateway.Client);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        await _delivery.DisposeAsync();
    }

    [Fact]
    public async Task AValidSession_ReachesTheService_AsASignedTokenWithTheUserConsumerAndRoles()
    {
        var answer = await _client.PostAsync("/couriers/5/availability", new { available = true });

        Assert.Equal(HttpStatusCode.OK, answer.Status);
        Assert.Equal("delivery", answer.Origin);
        Assert.Equal("demo", answer.Json!["sub"]!.GetValue<string>());
        Assert.Equal("1", answer.Json["consumer_id"]!.GetValue<string>());
        Assert.Equal("consumer,restaurant,courier", answer.Json["roles"]!.GetValue<string>());
        Assert.StartsWith("Bearer ey", _delivery.Requests.Last().Headers["Authorization"]);
    }

    [Fact]
    public async Task ForgedIdentityHeaders_AreStripped_BeforeAnyBackendSeesThem()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/couriers/5/availability")
        {
            Content = System.Net.Http.Json.JsonContent.Create(new { available = true }),
        };
        request.Headers.Add("Cookie", _client.Cookie);
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer forged.token.value");
        request.Headers.Add("X-Ftgo-User", "admin");
        request.Headers.Add("X-Consumer-Id", "999");
        request.Headers.Add("X-User-Roles", "admin");
        request.Headers.Add("X-Forwarded-User", "root");

        var response = await _gateway.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var received = _delivery.Requests.Last().Headers;
        Assert.DoesNotContain(received.Keys, k => k.StartsWith("X-Ftgo-", StringComparison.OrdinalIgnoreCase) && k != "X-Ftgo-Origin");
        Assert.DoesNotContain("X-Consumer-Id", received.Keys);
        Assert.DoesNotContain("X-User-Roles", received.Keys);
        Assert.DoesNotContain("X-Forwarded-User", received.Keys);
        Assert.DoesNotContain("forged", received["Authorization"]);
        var claims = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal("1", claims["consumer_id"]!.GetValue<string>());
    }

    [Fact]
    public async Task AForgedBearerWithoutASession_NeverReachesTheService()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/couriers/5");
        request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + TestKeys.Gateway.Issue("delivery"));
        var before = _delivery.Requests.Count;

        var response = await _gateway.Client.SendAsync(request);

        // An anonymous read goes on without a token, as the monolith serves it to anyone; what it may see is
        // the service's rule (the real Delivery service answers a courier read as the monolith does, this
        // fake refuses every route without a token). The forged bearer itself never reaches it.
        Assert.Equal("delivery", response.Headers.GetValues("X-Ftgo-Origin").Single());
        Assert.False(_delivery.Requests.Skip(before).Single().Headers.ContainsKey("Authorization"));
    }

    [Fact]
    public async Task ATamperedCookie_IsRefusedAtTheGateway()
    {
        var cookie = _client.Cookie!;
        var tampered = cookie[..^3] + (cookie[^3] == 'A' ? 'B' : 'A') + cookie[^2..];
        var before = _delivery.Requests.Count;

        var answer = await _client.WithCookie(tampered).PostAsync("/couriers/5/availability", new { available = true });

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("gateway", answer.Origin);
        Assert.Equal("urn:ftgo:problem:unauthenticated", answer.Json!["type"]!.GetValue<string>());
        Assert.Equal(before, _delivery.Requests.Count);
    }

    [Fact]
    public async Task AWriteWithoutASession_IsRefusedAtTheGateway()
    {
        var before = _delivery.Requests.Count;

        var answer = await _client.WithCookie(null).PostAsync("/couriers", new { name = new { firstName = "A", lastName = "B" }, address = FtgoClient.Address() });

        Assert.Equal(HttpStatusCode.Unauthorized, answer.Status);
        Assert.Equal("gateway", answer.Origin);
        Assert.Equal(before, _delivery.Requests.Count);
    }

    [Fact]
    public async Task AnExpiredToken_OneNotSignedByTheGateway_OrOneForAnotherService_IsRefusedByTheService()
    {
        using var service = Loopback.Client(_delivery.BaseAddress);
        var past = new FakeTimeProvider(DateTimeOffset.UtcNow.AddMinutes(-10));

        using var otherKeys = new TestServiceKeys();
        foreach (var token in new[]
                 {
                     TestKeys.Gateway.Issue("delivery", lifetime: TimeSpan.FromMinutes(2), clock: past),
                     otherKeys.Issue("delivery"),
                     TestKeys.Gateway.Issue("kitchen"),
                 })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/couriers/5");
            request.Headers.Authorization = new("Bearer", token);
            var response = await service.SendAsync(request);
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var fresh = new HttpRequestMessage(HttpMethod.Get, "/couriers/5");
        fresh.Headers.Authorization = new("Bearer", TestKeys.Gateway.Issue("delivery"));
        Assert.Equal(HttpStatusCode.OK, (await service.SendAsync(fresh)).StatusCode);
    }
}
