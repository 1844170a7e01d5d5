using System.Net;
using System.Text.Json;
using Ftgo.Legacy.Tests.Infrastructure;

namespace Ftgo.Legacy.Tests.Delivery;

public abstract class CouriersApiTests(LegacyFixture fixture)
{
    public sealed class Sqlite(SqliteFixture fixture) : CouriersApiTests(fixture), IClassFixture<SqliteFixture>;

    public sealed class Postgres(PostgresFixture fixture) : CouriersApiTests(fixture), IClassFixture<PostgresFixture>;

    [Fact]
    public async Task Create_Returns200WithIdAndGetAnswersFtgoShape()
    {
        using var client = await fixture.ClientAsync();

        var created = await client.PostOkAsync("/couriers", new
        {
            name = new { firstName = "Chris", lastName = "Courier" },
            address = new { street1 = "9 Dock Road", city = "Alameda", state = "CA", zip = "94501" },
        });

        Wire.AssertShape(created, "id");
        var id = Wire.Id(created.GetProperty("id"));
        var courier = await client.GetOkAsync($"/couriers/{id}");
        Wire.AssertShape(courier, "id", "name", "address", "available", "plan");
        Assert.Equal(id, courier.GetProperty("id").GetInt64());
        Wire.AssertShape(courier.GetProperty("name"), "firstName", "lastName");
        Assert.Equal("Chris", courier.GetProperty("name").GetProperty("firstName").GetString());
        Assert.Equal("Courier", courier.GetProperty("name").GetProperty("lastName").GetString());
        var address = courier.GetProperty("address");
        Wire.AssertShape(address, "street1", "street2", "city", "state", "zip");
        Assert.Equal("9 Dock Road", address.GetProperty("street1").GetString());
        Assert.Equal(JsonValueKind.Null, address.GetProperty("street2").ValueKind);
        Assert.Equal("Alameda", address.GetProperty("city").GetString());
        Assert.Equal("CA", address.GetProperty("state").GetString());
        Assert.Equal("94501", address.GetProperty("zip").GetString());
        Assert.False(courier.GetProperty("available").GetBoolean());
        Wire.AssertShape(courier.GetProperty("plan"), "actions");
        Assert.Empty(courier.GetProperty("plan").GetProperty("actions").EnumerateArray());
    }

    [Fact]
    public async Task Availability_SetAndCleared_IsReflectedInGet()
    {
        using var client = await fixture.ClientAsync();
        var id = await client.CreateCourierAsync(available: false);

        var on = await client.PostAsync($"/couriers/{id}/availability", new { available = true });

        await Expect.OkAsync(on);
        Assert.True((await client.GetOkAsync($"/couriers/{id}")).GetProperty("available").GetBoolean());
        await Expect.OkAsync(await client.PostAsync($"/couriers/{id}/availability", new { available = false }));
        Assert.False((await client.GetOkAsync($"/couriers/{id}")).GetProperty("available").GetBoolean());
    }

    [Fact]
    public async Task Create_WithStreet2_KeepsIt()
    {
        using var client = await fixture.ClientAsync();

        var id = await client.CreateCourierAsync(available: false);

        var address = (await client.GetOkAsync($"/couriers/{id}")).GetProperty("address");
        Assert.Equal("Unit 99", address.GetProperty("street2").GetString());
    }

    [Fact]
    public async Task Create_WithBlankFirstName_Returns400()
    {
        using var client = await fixture.ClientAsync();

        var response = await client.PostAsync("/couriers", new { name = new { firstName = " ", lastName = "Courier" }, address = TestData.Address });

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid-request");
    }
}
