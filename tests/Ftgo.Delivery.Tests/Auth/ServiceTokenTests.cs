using System.Net;
using Ftgo.Delivery.Tests.Infrastructure;
using Ftgo.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Ftgo.Delivery.Tests.Auth;

/// <summary>
/// Every route of the service needs the gateway's service token but those the monolith serves to anyone:
/// the health probe, and the legacy contract's courier read.
/// </summary>
public sealed class ServiceTokenTests(SqliteFixture fixture) : IClassFixture<SqliteFixture>
{
    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "/deliveries/1" },
        { "GET", "/deliveries/late" },
        { "POST", "/orders/1/pickedup" },
        { "POST", "/orders/1/delivered" },
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
    public async Task Route_WithTokenSignedByAKeyNotTheGateways_Returns401()
    {
        using var otherKeys = new TestServiceKeys();
        using var client = fixture.App.Client(Tokens.Issue(TimeProvider.System, otherKeys));
        var detail = await Expect.ProblemAsync(await client.GetAsync("/deliveries/1"), HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.StartsWith("The service token is not valid", detail);
    }

    [Fact]
    public async Task Route_WithTokenMintedForKitchen_Returns401()
    {
        using var client = fixture.App.Client(Tokens.Issue(TimeProvider.System, audience: "kitchen"));
        var detail = await Expect.ProblemAsync(await client.GetAsync("/deliveries/1"), HttpStatusCode.Unauthorized, "unauthenticated");
        Assert.Contains("audience", detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task LegacyCourierRead_WithoutToken_AnswersAsTheMonolithDoes()
    {
        using var authorized = fixture.App.AuthorizedClient();
        var id = await CreateCourierAsync(authorized, "Anne", "Nonymous");
        using var anonymous = fixture.App.Client(token: null);

        var courier = await Expect.OkJsonAsync(await anonymous.GetAsync($"/couriers/{id}"));
        Assert.Equal("Anne", courier.GetProperty("name").GetProperty("firstName").GetString());
        // An unknown courier is the monolith's 404, not a 401.
        await Expect.ProblemAsync(await anonymous.GetAsync("/couriers/999999999999"), HttpStatusCode.NotFound, "not-found");
        // A token that does not verify makes the read anonymous, as a tampered cookie does on the monolith.
        using var otherKeys = new TestServiceKeys();
        using var foreign = fixture.App.Client(Tokens.Issue(TimeProvider.System, otherKeys));
        Assert.Equal(HttpStatusCode.OK, (await foreign.GetAsync($"/couriers/{id}")).StatusCode);
    }

    [Fact]
    public async Task Route_WithValidToken_IsServed()
    {
        using var client = fixture.App.AuthorizedClient();
        var id = await CreateCourierAsync(client, "Token", "Holder");
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

    private static async Task<long> CreateCourierAsync(HttpClient client, string firstName, string lastName)
    {
        var created = await Expect.OkJsonAsync(await client.PostAsJsonAsync("/couriers", new
        {
            name = new { firstName, lastName },
            address = new { street1 = "1 Main Street", city = "Oakland", state = "CA", zip = "94611" },
        }));
        return created.GetProperty("id").GetInt64();
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient client, string method, string path) =>
        client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
        {
            Content = method == "POST" ? new StringContent("{}", System.Text.Encoding.UTF8, "application/json") : null,
        });
}
