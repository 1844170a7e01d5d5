using Microsoft.EntityFrameworkCore;

namespace Ftgo.Delivery.Data;

/// <summary>PostgreSQL: the tables live in schema <c>delivery</c>; times are local, without offset, as in the legacy model.</summary>
public sealed class PostgresDeliveryDbContext(DbContextOptions<PostgresDeliveryDbContext> options) : DeliveryDbContext(options)
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
