using Ftgo.Hosting.Storage;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Delivery.Data;

/// <summary>The embedded default: the shared SQLite file; no schemas there, so the tables are prefixed <c>delivery_</c>.</summary>
public sealed class SqliteDeliveryDbContext(DbContextOptions<SqliteDeliveryDbContext> options) : DeliveryDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        model.PrefixTables(Schema);
    }
}
