using Microsoft.EntityFrameworkCore;

namespace Ftgo.Kitchen.Data;

/// <summary>PostgreSQL: the tables live in schema <c>kitchen</c>; times are local, without offset.</summary>
public sealed class PostgresKitchenDbContext(DbContextOptions<PostgresKitchenDbContext> options) : KitchenDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder model)
    {
        model.HasDefaultSchema(Schema);
        base.OnModelCreating(model);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder conventions) =>
        conventions.Properties<DateTime>().HaveColumnType("timestamp without time zone");
}
