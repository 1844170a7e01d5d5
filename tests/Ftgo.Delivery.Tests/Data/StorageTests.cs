using Ftgo.Delivery.Data;
using Ftgo.Delivery.Tests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Ftgo.Delivery.Tests.Data;

/// <summary>The schema comes from real migrations on each engine, and <c>/healthz</c> covers the database and the bus.</summary>
public abstract class StorageTests(DeliveryFixture fixture)
{
    [Fact]
    public async Task AtStartUp_EveryMigrationIsApplied()
    {
        var (all, applied) = await fixture.App.QueryAsync(async db =>
            (db.Database.GetMigrations().ToList(), (await db.Database.GetAppliedMigrationsAsync()).ToList()));
        Assert.NotEmpty(all);
        Assert.Equal(all, applied);
    }

    [Fact]
    public async Task HealthChecks_CoverTheDatabaseAndTheBus()
    {
        var report = await fixture.App.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.Equal(HealthStatus.Healthy, report.Entries["delivery-db"].Status);
        Assert.Equal(HealthStatus.Healthy, report.Entries["bus"].Status);
    }
}

public sealed class SqliteStorageTests(SqliteFixture fixture) : StorageTests(fixture), IClassFixture<SqliteFixture>
{
    [Fact]
    public void Model_HasNoChangesMissingAMigration()
    {
        using var db = new SqliteDeliveryDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges());
    }
}

public sealed class PostgresStorageTests(PostgresFixture fixture) : StorageTests(fixture), IClassFixture<PostgresFixture>
{
    [Fact]
    public void Model_HasNoChangesMissingAMigration()
    {
        using var db = new PostgresDeliveryDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges());
    }

    [Fact]
    public async Task Tables_LiveInSchemaDelivery()
    {
        var tables = await fixture.App.QueryAsync(db => db.Database
            .SqlQueryRaw<string>("SELECT table_name AS \"Value\" FROM information_schema.tables WHERE table_schema = 'delivery'")
            .ToListAsync());
        Assert.Superset(new HashSet<string> { "deliveries", "couriers", "courier_actions", "restaurants" }, tables.ToHashSet());
    }
}
