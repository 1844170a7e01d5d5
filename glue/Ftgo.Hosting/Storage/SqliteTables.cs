using Microsoft.EntityFrameworkCore;

namespace Ftgo.Hosting.Storage;

/// <summary>
/// SQLite has no schemas: an extracted service's tables take its schema name as a prefix
/// (<c>delivery_couriers</c>) so that they can share the embedded database with the monolith's.
/// </summary>
public static class SqliteTables
{
    public static string Name(string schema, string table) => $"{schema}_{table}";

    /// <summary>Prefixes every table of the model; call at the end of a SQLite context's OnModelCreating.</summary>
    public static void PrefixTables(this ModelBuilder model, string schema)
    {
        foreach (var entity in model.Model.GetEntityTypes())
        {
            if (entity.GetTableName() is { } table && !table.StartsWith(schema + "_", StringComparison.Ordinal))
            {
                entity.SetTableName(Name(schema, table));
            }
        }
    }
}
