using System.Net;
using Ftgo.Legacy.Tests.Infrastructure;

namespace Ftgo.Legacy.Tests.Consumers;

public abstract class ConsumersApiTests(LegacyFixture fixture)
{
    public sealed class Sqlite(SqliteFixture fixture) : ConsumersApiTests(fixture), IClassFixture<SqliteFixture>;

    public sealed class Postgres(PostgresFixture fixture) : ConsumersApiTests(fixture), IClassFixture<PostgresFixture>;

    [Fact]
    public async Task Create_Returns200WithConsumerIdAndGetAnswersName()
    {
        using var client = await fixture.ClientAsync();

        var created = await client.PostOkAsync("/consumers", new { name = new { firstName = "John", lastName = "Doe" } });

        Wire.AssertShape(created, "consumerId");
        var id = Wire.Id(created.GetProperty("consumerId"));
        var consumer = await client.GetOkAsync($"/consumers/{id}");
        Wire.AssertShape(consumer, "name");
        Wire.AssertShape(consumer.GetProperty("name"), "firstName", "lastName");
        Assert.Equal("John", consumer.GetProperty("name").GetProperty("firstName").GetString());
        Assert.Equal("Doe", consumer.GetProperty("name").GetProperty("lastName").GetString());
    }

    [Fact]
    public async Task Create_Twice_GivesIncreasingIds()
    {
        using var client = await fixture.ClientAsync();

        var first = await client.CreateConsumerAsync();
        var second = await client.CreateConsumerAsync();

        Assert.True(second > first, $"{second} should follow {first}");
    }

    [Fact]
    public async Task Create_TrimsNames()
    {
        using var client = await fixture.ClientAsync();

        var id = await client.CreateConsumerAsync("  Jane ", " Roe  ");

        var name = (await client.GetOkAsync($"/consumers/{id}")).GetProperty("name");
        Assert.Equal("Jane", name.GetProperty("firstName").GetString());
        Assert.Equal("Roe", name.GetProperty("lastName").GetString());
    }

    [Theory]
    [InlineData("""{"name":{"firstName":"","lastName":"Doe"}}""")]
    [InlineData("""{"name":{"firstName":"John","lastName":"   "}}""")]
    public async Task Create_WithBlankName_Returns400(string body)
    {
        using var client = await fixture.ClientAsync();

        var response = await client.PostRawAsync("/consumers", body);

        await Problem.AssertAsync(response, HttpStatusCode.BadRequest, "invalid-request");
    }

    [Fact]
    public async Task Get_WithoutSession_Returns200()
    {
        using var client = await fixture.ClientAsync();
        var id = await client.CreateConsumerAsync();
        using var anonymous = await fixture.ClientAsync(login: false);

        var consumer = await anonymous.GetOkAsync($"/consumers/{id}");

        Assert.Equal("John", consumer.GetProperty("name").GetProperty("firstName").GetString());
    }
}
