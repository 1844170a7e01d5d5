using System.Net;
using System.Text.Json;
using Ftgo.Legacy.Tests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Ftgo.Legacy.Tests.Auth;

/// <summary>Login, the session cookie, and the 401 on every mutating endpoint without a valid one.</summary>
public abstract class SessionTests(LegacyFixture fixture)
{
    public sealed class Sqlite(SqliteFixture fixture) : SessionTests(fixture), IClassFixture<SqliteFixture>;

    public sealed class Postgres(PostgresFixture fixture) : SessionTests(fixture), IClassFixture<PostgresFixture>;

    private const string CookieName = "FTGO_SESSION";

    /// <summary>Every endpoint that changes state, with a body it would accept.</summary>
    public static TheoryData<string, string?> MutatingEndpoints() => new()
    {
        { "/consumers", """{"name":{"firstName":"John","lastName":"Doe"}}""" },
        { "/restaurants", """{"name":"A","address":{"street1":"1 Main","city":"Oakland","state":"CA","zip":"94611"},"menu":{"menuItems":[{"id":"1","name":"Dal","price":"12.34"}]}}""" },
        { "/couriers", """{"name":{"firstName":"Chris","lastName":"Courier"},"address":{"street1":"1 Main","city":"Oakland","state":"CA","zip":"94611"}}""" },
        { "/couriers/{courier}/availability", """{"available":true}""" },
        { "/orders", """{"consumerId":{consumer},"restaurantId":{restaurant},"deliveryAddress":{"street1":"1 Main","city":"Oakland","state":"CA","zip":"94611"},"deliveryTime":"2099-01-01T12:00:00","lineItems":[{"menuItemId":"1","quantity":5}]}""" },
        { "/orders/{order}/revise", """{"revisedLineItemQuantities":{"1":10}}""" },
        { "/orders/{order}/cancel", null },
        { "/orders/{order}/accept", """{"readyBy":"2099-01-01T12:00:00"}""" },
        { "/orders/{order}/preparing", null },
        { "/orders/{order}/ready", null },
        { "/orders/{order}/pickedup", null },
        { "/orders/{order}/delivered", null },
    };

    private async Task<Func<string, string>> WorldAsync()
    {
        using var client = await fixture.ClientAsync();
        var (orderId, consumerId, restaurantId) = await client.NewOrderAsync();
        var courierId = await client.CreateCourierAsync(available: false);
        return text => text.Replace("{order}", $"{orderId}").Replace("{courier}", $"{courierId}")
            .Replace("{consumer}", $"{consumerId}").Replace("{restaurant}", $"{restaurantId}");
    }

    private static Task<HttpResponseMessage> SendAsync(HttpClient http, string path, string? body, string? cookie = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json");
        }
        if (cookie is not null)
        {
            request.Headers.Add("Cookie", $"{CookieName}={cookie}");
        }
        return http.SendAsync(request);
    }

    /// <summary>Logs in with a client that does not keep cookies, and returns the session cookie's value.</summary>
    private async Task<string> LoginForCookieAsync(HttpClient http)
    {
        var response = await http.PostAsync("/login", new StringContent("""{"username":"demo","password":"demo"}""", System.Text.Encoding.UTF8, "application/json"));
        await Expect.OkAsync(response);
        var setCookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(CookieName + "=", StringComparison.Ordinal));
        return setCookie[(CookieName.Length + 1)..setCookie.IndexOf(';')];
    }

    private HttpClient RawClient() => fixture.App.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = false });

    [Fact]
    public async Task Login_WithDemoCredentials_Returns200AndHttpOnlySessionCookie()
    {
        using var http = RawClient();

        var response = await http.PostAsync("/login", new StringContent("""{"username":"demo","password":"demo"}""", System.Text.Encoding.UTF8, "application/json"));

        var body = await Expect.OkJsonAsync(response);
        Wire.AssertShape(body, "username", "consumerId", "roles");
        Assert.Equal("demo", body.GetProperty("username").GetString());
        Wire.Id(body.GetProperty("consumerId"));
        Assert.Equal(["consumer", "restaurant", "courier"], body.GetProperty("roles").EnumerateArray().Select(r => r.GetString()));
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith(CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Session_AfterLogin_NamesTheDemoUserAndItsConsumer()
    {
        using var client = await fixture.ClientAsync();

        var session = await client.GetOkAsync("/session");

        Assert.Equal("demo", session.GetProperty("username").GetString());
        var consumerId = Wire.Id(session.GetProperty("consumerId"));
        Assert.Equal("Demo", (await client.GetOkAsync($"/consumers/{consumerId}")).GetProperty("name").GetProperty("firstName").GetString());
    }

    [Theory]
    [InlineData("demo", "wrong")]
    [InlineData("demo", "")]
    [InlineData("DEMO", "demo")]
    [InlineData("nobody", "demo")]
    public async Task Login_WithBadCredentials_Returns401AndNoCookie(string username, string password)
    {
        using var http = RawClient();

        var response = await http.PostAsync("/login", new StringContent(JsonSerializer.Serialize(new { username, password }), System.Text.Encoding.UTF8, "application/json"));

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "bad-credentials");
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [MemberData(nameof(MutatingEndpoints))]
    public async Task MutatingEndpoint_WithoutSession_Returns401Problem(string path, string? body)
    {
        var fill = await WorldAsync();
        using var anonymous = await fixture.ClientAsync(login: false);

        var response = await SendAsync(anonymous.Http, fill(path), body is null ? null : fill(body));

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Theory]
    [MemberData(nameof(MutatingEndpoints))]
    public async Task MutatingEndpoint_WithTamperedCookie_Returns401Problem(string path, string? body)
    {
        var fill = await WorldAsync();
        using var http = RawClient();
        var cookie = await LoginForCookieAsync(http);
        var middle = cookie.Length / 2;
        var tampered = cookie[..middle] + (cookie[middle] == 'A' ? 'B' : 'A') + cookie[(middle + 1)..];

        var response = await SendAsync(http, fill(path), body is null ? null : fill(body), tampered);

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task MutatingEndpoint_WithTheUntamperedCookie_Succeeds()
    {
        using var http = RawClient();
        var cookie = await LoginForCookieAsync(http);

        var response = await SendAsync(http, "/consumers", """{"name":{"firstName":"John","lastName":"Doe"}}""", cookie);

        await Expect.OkAsync(response);
    }

    [Fact]
    public async Task MutatingEndpoint_WithGarbageCookie_Returns401Problem()
    {
        using var http = RawClient();

        var response = await SendAsync(http, "/consumers", """{"name":{"firstName":"John","lastName":"Doe"}}""", "not-a-session");

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Session_WithoutLogin_Returns401Problem()
    {
        using var anonymous = await fixture.ClientAsync(login: false);

        var response = await anonymous.GetAsync("/session");

        await Problem.AssertAsync(response, HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Logout_EndsTheSession()
    {
        using var client = await fixture.ClientAsync();
        await client.CreateConsumerAsync();

        await Expect.OkAsync(await client.PostAsync("/logout"));

        await Problem.AssertAsync(await client.PostAsync("/consumers", new { name = new { firstName = "John", lastName = "Doe" } }),
            HttpStatusCode.Unauthorized, "unauthenticated");
    }

    [Fact]
    public async Task Reads_WithoutSession_Return200()
    {
        using var client = await fixture.ClientAsync();
        var (orderId, consumerId, _) = await client.NewOrderAsync();
        var courierId = await client.CreateCourierAsync(available: false);
        using var anonymous = await fixture.ClientAsync(login: false);

        await Expect.OkAsync(await anonymous.GetAsync($"/orders/{orderId}"));
        await Expect.OkAsync(await anonymous.GetAsync($"/orders?consumerId={consumerId}"));
        await Expect.OkAsync(await anonymous.GetAsync($"/couriers/{courierId}"));
    }
}
