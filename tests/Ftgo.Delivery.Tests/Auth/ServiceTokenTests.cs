using System.Net;
using Ftgo.Delivery.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace Ftgo.Delivery.Tests.Auth;

/// <summary>Every route of the service needs the gateway's service token; only the health probe does not.</summary>
public sealed class ServiceTokenTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "/deliveries/1" },
        { "GET", "/deliveries/late" },
        { "POST", "/orders/1/pickedup" },
        { "POST", "/orders/1/delivered" },
        { "GET", "/couriers/1" },
        { "POST", "/couriers" },
        { "POST", "/couriers/1/availability" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_WithoutToken_Returns401(string method, string path)
    {
        using var client = fixture.App.Client(token: null);
        var detail = await Expect.ProblemAsync(await SendAsync(client, method, path), HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Equal("A service token from the gateway is required.", detail);
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Route_WithExpiredToken_Returns401(string method, string path)
    {
        // Signed three hours ago with a two-hour lifetime: expired an hour ago, well past the 30 s skew.
        var past = new FakeTimeProvider(fixture.Clock.GetUtcNow() - TimeSpan.FromHours(3));
        using var client = fixture.App.Client(Tokens.Issue(past));
        var detail = await Expect.ProblemAsync(await SendAsync(client, method, path), HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("expired", detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Route_WithTokenSignedByAnotherKey_Returns401()
    {
        var otherKey = Convert.ToBase64String(Enumerable.Repeat((byte)42, 32).ToArray());
        using var client = fixture.App.Client(Tokens.Issue(TimeProvider.System, otherKey));
        var detail = await Expect.ProblemAsync(await client.GetAsync("/couriers/1"), HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.StartsWith("The service token is not valid", detail);
    }

    [Fact]
    public async Task Route_WithValidToken_IsServed()
    {
        using var client = fixture.App.AuthorizedClient();
        var created = await Expect.OkJsonAsync(await client.PostAsJsonAsync("/couriers", new
        {
            name = new { firstName = "Token", lastName = "Holder" },
            address = new { street1 = "1 Main Street", city = "Oakland", state = "CA", zip = "94611" },
        }));
        var id = created.GetProperty("id").GetInt64();
        var courier = await Expect.OkJsonAsync(await client.GetAsync($"/couriers/{id}"));
        Assert.Equal("Token", courier.GetProperty("name").GetProperty("firstName").GetString());
    }

    [Fact]
    public async Task Healthz_WithoutToken_ReportsHealthy()
    {
        using var client = fixture.App.Client(token: null);
        var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path) =>
        client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? new StringContent("{}", System.Text.Encoding.UTF8, "application/json") : null,
        });
}
