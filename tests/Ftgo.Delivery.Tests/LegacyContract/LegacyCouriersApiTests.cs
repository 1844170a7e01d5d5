using System.Net;
using System.Text;
using Ftgo.Delivery.Tests.Infrastructure;

namespace Ftgo.Delivery.Tests.LegacyContract;

/// <summary><c>POST /couriers</c>, <c>GET /couriers/{id}</c>, <c>POST /couriers/{id}/availability</c> in the monolith's shapes, on each store.</summary>
public abstract class LegacyCouriersApiTests(DeliveryFixture fixture)
{
    private DeliveryApp App => fixture.App;

    private static object CourierBody(string firstName = "John", string lastName = "Courier", string? street2 = null) => new
    {
        name = new { firstName, lastName },
        address = new { street1 = "10 Courier Lane", street2, city = "Oakland", state = "CA", zip = "94610" },
    };

    [Fact]
    public async Task CreateThenGet_ReturnsTheLegacyShape()
    {
        using var client = App.AuthorizedClient();
        var id = (await Expect.OkJsonAsync(await client.PostAsJsonAsync("/couriers", CourierBody(street2: "  ")))).GetProperty("id").GetInt64();

        var body = await (await client.GetAsync($"/couriers/{id}")).Content.ReadAsStringAsync();

        Assert.Equal(
            $$$"""{"id":{{{id}}},"name":{"firstName":"John","lastName":"Courier"},"address":{"street1":"10 Courier Lane","street2":null,"city":"Oakland","state":"CA","zip":"94610"},"available":false,"plan":{"actions":[]}}""",
            body);
    }

    [Fact]
    public async Task Availability_Returns200WithNoBody_AndGetShowsIt()
    {
        using var client = App.AuthorizedClient();
        var id = (await Expect.OkJsonAsync(await client.PostAsJsonAsync("/couriers", CourierBody()))).GetProperty("id").GetInt64();

        var response = await client.PostAsJsonAsync($"/couriers/{id}/availability", new { available = true });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("", await response.Content.ReadAsStringAsync());
        Assert.True((await Expect.OkJsonAsync(await client.GetAsync($"/couriers/{id}"))).GetProperty("available").GetBoolean());
    }

    [Fact]
    public async Task Get_ListsThePlanByTimeWithOrderIds()
    {
        await fixture.ResetAsync();
        var courier = await App.CreateCourierAsync();
        var later = await App.CreatePendingAsync();
        var sooner = await App.CreatePendingAsync();
        var readyBy = App.Now().AddHours(1);
        await App.ScheduleAsync(later, readyBy.AddMinutes(15));
        await App.ScheduleAsync(sooner, readyBy);
        using var client = App.AuthorizedClient();

        var actions = (await Expect.OkJsonAsync(await client.GetAsync($"/couriers/{courier}"))).GetProperty("plan").GetProperty("actions");

        string Time(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss");
        Assert.Equal(
            [("PICKUP", Time(readyBy), sooner), ("PICKUP", Time(readyBy.AddMinutes(15)), later),
             ("DROPOFF", Time(readyBy.AddMinutes(30)), sooner), ("DROPOFF", Time(readyBy.AddMinutes(45)), later)],
            actions.EnumerateArray().Select(a =>
                (a.GetProperty("type").GetString(), a.GetProperty("time").GetString(), a.GetProperty("orderId").GetInt64())));
    }

    [Theory]
    [InlineData("/couriers", """{"name": {"firstName": "John",""")]
    [InlineData("/couriers", """{"name": 5, "address": {}}""")]
    [InlineData("/couriers/1/availability", """{"available": "yes"}""")]
    [InlineData("/couriers/1/availability", "")]
    public async Task MalformedJson_Returns400(string path, string json)
    {
        using var client = App.AuthorizedClient();
        var response = await client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"));
        await Expect.ProblemAsync(response, HttpStatusCode.BadRequest, "invalid-request");
    }

    [Theory]
    [InlineData(" ", "Courier", "'name.firstName' is required.")]
    [InlineData("John", "", "'name.lastName' is required.")]
    public async Task BlankName_Returns400WithTheLegacyMessage(string first, string last, string message)
    {
        using var client = App.AuthorizedClient();
        var detail = await Expect.ProblemAsync(await client.PostAsJsonAsync("/couriers", CourierBody(first, last)),
            HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal(message, detail);
    }

    [Fact]
    public async Task OverlongName_Returns400_OnEveryStore()
    {
        using var client = App.AuthorizedClient();
        var detail = await Expect.ProblemAsync(await client.PostAsJsonAsync("/couriers", CourierBody(lastName: new string('x', 101))),
            HttpStatusCode.BadRequest, "invalid-request");
        Assert.Equal("'name.lastName' must be at most 100 characters.", detail);
    }

    [Fact]
    public async Task UnknownCourier_Returns404()
    {
        using var client = App.AuthorizedClient();
        Assert.Equal("Courier 987654 was not found.",
            await Expect.ProblemAsync(await client.GetAsync("/couriers/987654"), HttpStatusCode.NotFound, "not-found"));
        Assert.Equal("Courier 987654 was not found.",
            await Expect.ProblemAsync(await client.PostAsJsonAsync("/couriers/987654/availability", new { available = true }),
                HttpStatusCode.NotFound, "not-found"));
    }

    [Fact]
    public async Task NonNumericId_Returns404()
    {
        using var client = App.AuthorizedClient();
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/couriers/abc")).StatusCode);
    }
}

public sealed class SqliteLegacyCouriersApiTests(SqliteFixture fixture) : LegacyCouriersApiTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresLegacyCouriersApiTests(PostgresFixture fixture) : LegacyCouriersApiTests(fixture), IClassFixture<PostgresFixture>;
