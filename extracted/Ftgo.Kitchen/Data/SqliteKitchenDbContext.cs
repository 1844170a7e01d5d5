using Ftgo.Hosting.Storage;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Kitchen.Data;

/// <summary>The embedded default: the shared SQLite file; no schemas there, so the tables are prefixed <c>kitchen_</c>.</summary>
public sealed class SqliteKitchenDbContext(DbContextOptions<SqliteKitchenDbContext> options) : KitchenDbContext(options)
{
    protected override void OnModelCreating(ModelBuilder model)
    {
        base.OnModelCreating(model);
        model.PrefixTables(Schema);
    }
}
