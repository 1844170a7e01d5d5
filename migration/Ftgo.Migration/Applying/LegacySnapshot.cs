using System.Data.Common;
using Ftgo.Hosting.Storage;
using Ftgo.Migration.Catalog;
using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Applying;

/// <summary>Reads legacy tables directly, in primary-key order, typed by the catalog: for backfill and verify.</summary>
internal sealed class LegacySnapshot(StorageKind engine, string connectionString)
{
    private readonly Sql _sql = new(engine, LegacyCatalog.Schema);

    public DbConnection Connect() => Sql.Connect(engine, connectionString);

    private static IReadOnlyList<ColumnInfo> Columns(TableSchema table) =>
        table.Columns.Where(c => c.Name != LegacyCatalog.OriginColumn).ToList();

    /// <summary>Up to <paramref name="limit"/> rows with <c>id</c> above <paramref name="after"/>, in id order.</summary>
    public Task<List<RowImage>> ReadAfterAsync(DbConnection connection, TableSchema table, long after, int limit, CancellationToken ct) =>
        QueryAsync(connection, table, $"WHERE \"id\" > @after ORDER BY \"id\" LIMIT {limit}", ct, ("@after", after));

    /// <summary>The rows whose <paramref name="column"/> is in (<paramref name="after"/>, <paramref name="last"/>]: one range scan of its index.</summary>
    public Task<List<RowImage>> ReadRangeAsync(DbConnection connection, TableSchema table, string column, long after, long last, CancellationToken ct) =>
        QueryAsync(connection, table, $"WHERE {Sql.Quote(column)} > @after AND {Sql.Quote(column)} <= @last", ct, ("@after", after), ("@last", last));

    /// <summary>The rows whose <paramref name="column"/> is in <paramref name="ids"/>.</summary>
    public async Task<List<RowImage>> ReadWhereInAsync(DbConnection connection, TableSchema table, string column, IReadOnlyList<long> ids, CancellationToken ct)
    {
        var rows = new List<RowImage>();
        await Sql.ForChunksAsync(ids.Cast<object>().ToList(), Sql.ChunkSize(connection), async chunk =>
        {
            await using var command = Sql.Command(connection, null, "");
            var list = Sql.In(command, "i", chunk);
            command.CommandText = $"SELECT {string.Join(", ", Columns(table).Select(c => Sql.Quote(c.Name)))} FROM {_sql.Table(table.Table)} WHERE {Sql.Quote(column)} {list}";
            rows.AddRange(await ReadAsync(command, table, ct));
        });
        return rows;
    }

    public async Task<long> CountAsync(DbConnection connection, TableSchema table, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, null, $"SELECT count(*) FROM {_sql.Table(table.Table)}");
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
    }

    public async Task<long> MaxIdAsync(DbConnection connection, TableSchema table, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, null, $"SELECT coalesce(max(\"id\"), 0) FROM {_sql.Table(table.Table)}");
        return Convert.ToInt64(await command.ExecuteScalarAsync(ct));
    }

    private async Task<List<RowImage>> QueryAsync(DbConnection connection, TableSchema table, string tail, CancellationToken ct, params (string, object)[] parameters)
    {
        await using var command = Sql.Command(connection, null,
            $"SELECT {string.Join(", ", Columns(table).Select(c => Sql.Quote(c.Name)))} FROM {_sql.Table(table.Table)} {tail}");
        foreach (var (name, value) in parameters)
        {
            Sql.Add(command, name, value);
        }
        return await ReadAsync(command, table, ct);
    }

    private static async Task<List<RowImage>> ReadAsync(DbCommand command, TableSchema table, CancellationToken ct)
    {
        var columns = Columns(table);
        var rows = new List<RowImage>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var row = new RowImage(columns.Count + 1); // + origin, which the snapshot stamps
            for (var i = 0; i < columns.Count; i++)
            {
                row.Set(columns[i].Name, CatalogValues.Convert(columns[i], reader.IsDBNull(i) ? null : reader.GetValue(i)));
            }
            rows.Add(row);
        }
        return rows;
    }
}
