using Ftgo.Legacy.Data;
using Ftgo.Legacy.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Legacy.Tests;

/// <summary>The host as configured by the fixture: store, data folder, demo login, health.</summary>
public abstract class HostingTests(LegacyFixture fixture)
{
    public sealed class Sqlite(SqliteFixture fixture) : HostingTests(fixture), IClassFixture<SqliteFixture>;

    public sealed class Postgres(PostgresFixture fixture) : HostingTests(fixture), IClassFixture<PostgresFixture>;

    [Fact]
    public async Task Healthz_Returns200Healthy()
    {
        using var client = await fixture.ClientAsync(login: false);

        var response = await client.GetAsync("/healthz");

        Assert.Equal("Healthy", await Expect.StatusAsync(response, System.Net.HttpStatusCode.OK));
    }

    [Fact]
    public async Task Storage_IsTheFixturesFreshDatabase()
    {
        var (type, connection) = await fixture.App.QueryAsync(db =>
            Task.FromResult((db.GetType(), db.Database.GetConnectionString())));

        Assert.Equal(fixture.Store == Store.Postgres ? typeof(PostgresLegacyDbContext) : typeof(SqliteLegacyDbContext), type);
        Assert.Equal(fixture.App.Database.ConnectionString, connection);
    }

    [Fact]
    public async Task Startup_SeedsOnlyTheDemoLoginAndItsConsumer()
    {
        // No test of this class writes: what is there is what start-up made.
        var (users, consumers, orders) = await fixture.App.QueryAsync(async db =>
            (await db.Users.Select(u => u.Username).ToListAsync(), await db.Consumers.CountAsync(), await db.Orders.CountAsync()));

        Assert.Equal(["demo"], users);
        Assert.Equal(1, consumers);
        Assert.Equal(0, orders);
    }

    [Fact]
    public async Task SessionKeys_ArePersistedInTheDataFolder()
    {
        using var client = await fixture.ClientAsync();

        Assert.NotEmpty(Directory.GetFiles(Path.Combine(fixture.App.Database.DataFolder, "keys"), "*.xml"));
    }
}
