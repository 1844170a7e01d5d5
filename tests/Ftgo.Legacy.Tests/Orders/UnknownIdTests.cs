using System.Net;
using Ftgo.Legacy.Tests.Infrastructure;

namespace Ftgo.Legacy.Tests.Orders;

/// <summary>Every <c>{id}</c> endpoint answers an id that does not exist with a 404 problem.</summary>
public abstract class UnknownIdTests(LegacyFixture fixture)
{
    public sealed class Sqlite(SqliteFixture fixture) : UnknownIdTests(fixture), IClassFixture<SqliteFixture>;

    public sealed class Postgres(PostgresFixture fixture) : UnknownIdTests(fixture), IClassFixture<PostgresFixture>;

    private const long Unknown = 424_242_424_242;

    public static TheoryData<string, string, string?> Endpoints() => new()
    {
        { "GET", "/orders/{0}", null },
        { "POST", "/orders/{0}/revise", """{"revisedLineItemQuantities":{"1":2}}""" },
        { "POST", "/orders/{0}/cancel", null },
        { "POST", "/orders/{0}/accept", """{"readyBy":"2099-01-01T12:00:00"}""" },
        { "POST", "/orders/{0}/preparing", null },
        { "POST", "/orders/{0}/ready", null },
        { "POST", "/orders/{0}/pickedup", null },
        { "POST", "/orders/{0}/delivered", null },
        { "GET", "/couriers/{0}", null },
        { "POST", "/couriers/{0}/availability", """{"available":true}""" },
        { "GET", "/consumers/{0}", null },
        { "GET", "/restaurants/{0}", null },
    };

    [Theory]
    [MemberData(nameof(Endpoints))]
    public async Task Endpoint_WithUnknownId_Returns404Problem(string method, string path, string? body)
    {
        using var client = await fixture.ClientAsync();
        // Something exists, so that the 404 is about the id and not an empty table.
        await client.NewOrderAsync();
        await client.CreateCourierAsync(available: false);
        var url = string.Format(System.Globalization.CultureInfo.InvariantCulture, path, Unknown);

        var response = method == "GET" ? await client.GetAsync(url)
            : body is null ? await client.PostAsync(url) : await client.PostRawAsync(url, body);

        var problem = await Problem.AssertAsync(response, HttpStatusCode.NotFound, "not-found");
        Assert.Contains(Unknown.ToString(System.Globalization.CultureInfo.InvariantCulture), problem.GetProperty("detail").GetString());
    }
}
