using System.Data.Common;
using Ftgo.Migration.Applying;
using Ftgo.Migration.Catalog;
using Ftgo.Migration.Running;

namespace Ftgo.Migration.Verification;

/// <summary>
/// The ids of a table's aggregates, by a plain <c>SELECT "id"</c>, in id order: what verify enumerates on
/// either side. Nothing here goes through the ACL, so a reconciliation that must not trust it may use it.
/// </summary>
public static class AggregateIds
{
    /// <summary>The ids of the legacy table <paramref name="legacyTable"/> (e.g. <c>couriers</c>).</summary>
    public static async Task<IReadOnlyList<long>> OfLegacyAsync(CdcSettings settings, string legacyTable, CancellationToken ct)
    {
        await using var connection = Sql.Connect(settings.Storage, settings.LegacyConnectionString);
        await connection.OpenAsync(ct);
        return await ReadAsync(connection, new Sql(settings.Storage, LegacyCatalog.Schema).Table(legacyTable), ct);
    }

    internal static async Task<List<long>> ReadAsync(DbConnection connection, string table, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, null, $"SELECT \"id\" FROM {table} ORDER BY \"id\"");
        var ids = new List<long>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            ids.Add(Convert.ToInt64(reader.GetValue(0)));
        }
        return ids;
    }
}
