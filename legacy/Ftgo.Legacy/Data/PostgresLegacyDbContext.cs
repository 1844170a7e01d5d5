using Microsoft.EntityFrameworkCore;

namespace Ftgo.Legacy.Data;

/// <summary>PostgreSQL: the tables live in schema <c>ftgo</c>; times are local, without offset.</summary>
public sealed class PostgresLegacyDbContext(DbContextOptions<PostgresLegacyDbContext> options) : LegacyDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder model)
    {
        model.HasDefaultSchema(Schema);
        base.OnModelCreating(model);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        conventions.Properties<DateTime>().HaveColumnType("timestamp without time zone");
    }
}
