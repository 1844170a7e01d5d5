using System.Data.Common;
using Ftgo.Migration.Catalog;
using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Applying;

/// <summary>
/// <c>cdc_mirror</c> of one target: the last image of every legacy row the side projects (or its
/// tombstone), with its log position and its aggregate (<see cref="MirrorRow"/>). Keys compare
/// byte-wise on PostgreSQL (collation "C"), which made a backfill's inserts cheaper.
/// </summary>
internal sealed class MirrorStore(Sql sql)
{
    public string Table => sql.Table("cdc_mirror");

    /// <summary>The table's DDL, run with the applier's other tables (<see cref="TargetStore.EnsureCreatedAsync"/>).</summary>
    public string CreateTable()
    {
        var (big, text) = (sql.BigIntType, sql.TextType);
        // The keys compare byte-wise (SQLite's default; PostgreSQL's "C"): a backfill inserts every
        // legacy row into these indexes, and comparing by the locale made that insert ~15 % slower.
        var key = sql.IsPostgres ? "text COLLATE \"C\"" : text;
        return $"""
            CREATE TABLE IF NOT EXISTS {Table} (
              source_table {key} NOT NULL, pk {key} NOT NULL, agg_id {big} NOT NULL, ref_id {big},
              row_json {text}, origin {text}, pos_commit {big} NOT NULL, pos_change {big} NOT NULL,
              PRIMARY KEY (source_table, pk));
            CREATE INDEX IF NOT EXISTS {sql.PhysicalName("cdc_mirror_agg")} ON {Table} (source_table, agg_id);
            CREATE INDEX IF NOT EXISTS {sql.PhysicalName("cdc_mirror_ref")} ON {Table} (source_table, ref_id) WHERE ref_id IS NOT NULL;
            """;
    }

    /// <summary>
    /// A mirror created before its keys compared byte-wise gets the "C" collation on them: the
    /// rows stay as they are, the key indexes are rebuilt once (under a lock that holds the
    /// mirror's other users for as long as that takes).
    /// </summary>
    public async Task MigrateKeysAsync(DbConnection connection, DbTransaction transaction, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, transaction, $"""
            SELECT count(*) FROM pg_attribute a JOIN pg_collation c ON c.oid = a.attcollation
            WHERE a.attrelid = @m::regclass AND a.attname IN ('source_table', 'pk') AND c.collname = 'C'
            """);
        Sql.Add(command, "@m", Table);
        if (Convert.ToInt64(await command.ExecuteScalarAsync(ct)) < 2)
        {
            await Sql.ExecuteAsync(connection, transaction,
                $"""ALTER TABLE {Table} ALTER COLUMN source_table TYPE text COLLATE "C", ALTER COLUMN pk TYPE text COLLATE "C" """, ct);
        }
    }

    /// <summary>Mirror rows by primary key, for the tables and keys given.</summary>
    public async Task<Dictionary<(string Table, string Pk), MirrorRow>> ReadByKeyAsync(DbConnection connection, DbTransaction transaction,
        string table, IReadOnlyList<string> keys, CancellationToken ct)
    {
        var result = new Dictionary<(string, string), MirrorRow>();
        await Sql.ForChunksAsync(keys.Cast<object>().ToList(), Sql.ChunkSize(connection), async chunk =>
        {
            await using var command = Sql.Command(connection, transaction, "");
            Sql.Add(command, "@t", table);
            command.CommandText = $"SELECT {Columns} FROM {Table} WHERE source_table = @t AND pk {Sql.In(command, "k", chunk)}";
            await foreach (var row in ReadAsync(command, ct))
            {
                result[(row.Table, row.Pk)] = row;
            }
        });
        return result;
    }

    /// <summary>Live (not deleted) mirror rows of a table whose aggregate (or reference) is one of <paramref name="ids"/>.</summary>
    public async Task<List<MirrorRow>> ReadByAggAsync(DbConnection connection, DbTransaction transaction,
        string table, IReadOnlyList<long> ids, CancellationToken ct, bool byRef = false, IReadOnlyCollection<string>? exceptKeys = null)
    {
        var result = new List<MirrorRow>();
        await Sql.ForChunksAsync(ids.Cast<object>().ToList(), Sql.ChunkSize(connection), async chunk =>
        {
            await using var command = Sql.Command(connection, transaction, "");
            Sql.Add(command, "@t", table);
            // PostgreSQL leaves out, server-side, the rows the caller already holds (SQLite's parameter limit: the caller filters).
            var except = exceptKeys is { Count: > 0 } && sql.IsPostgres ? $" AND NOT (pk {Sql.In(command, "x", exceptKeys.Cast<object>().ToList())})" : "";
            command.CommandText =
                $"SELECT {Columns} FROM {Table} WHERE source_table = @t AND {(byRef ? "ref_id" : "agg_id")} {Sql.In(command, "a", chunk)} AND row_json IS NOT NULL{except}";
            await foreach (var row in ReadAsync(command, ct))
            {
                result.Add(row);
            }
        });
        return result;
    }

    /// <summary>
    /// The aggregates of <paramref name="ids"/> whose row of <paramref name="table"/> legacy deleted: the
    /// mirror holds its tombstone (a <c>d</c> change). An aggregate with no mirror row at all was not seen yet.
    /// </summary>
    public async Task<HashSet<long>> ReadDeletedAggsAsync(DbConnection connection, DbTransaction transaction,
        string table, IReadOnlyList<long> ids, CancellationToken ct)
    {
        var result = new HashSet<long>();
        await Sql.ForChunksAsync(ids.Cast<object>().ToList(), Sql.ChunkSize(connection), async chunk =>
        {
            await using var command = Sql.Command(connection, transaction, "");
            Sql.Add(command, "@t", table);
            command.CommandText = $"SELECT agg_id FROM {Table} WHERE source_table = @t AND agg_id {Sql.In(command, "a", chunk)} AND row_json IS NULL";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                result.Add(reader.GetInt64(0));
            }
        });
        return result;
    }

    public Task WriteAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<MirrorRow> rows, CancellationToken ct) =>
        rows.Count == 0
            ? Task.CompletedTask
            : Sql.InsertManyAsync(connection, transaction, Table,
                ["source_table", "pk", "agg_id", "ref_id", "row_json", "origin", "pos_commit", "pos_change"],
                rows.Select(r => new object?[] { r.Table, r.Pk, r.Agg, r.Ref, r.Row is null ? null : MirrorRow.Encode(r.Row), r.Origin, r.Position.Commit, r.Position.Change }).ToList(),
                "ON CONFLICT (source_table, pk) DO UPDATE SET agg_id = excluded.agg_id, ref_id = excluded.ref_id, row_json = excluded.row_json, " +
                "origin = excluded.origin, pos_commit = excluded.pos_commit, pos_change = excluded.pos_change", ct);

    /// <summary>
    /// The aggregates in (<paramref name="after"/>, <paramref name="last"/>] that already have a
    /// mirror row of one of <paramref name="tables"/> (streamed by CDC, or copied by an earlier
    /// snapshot run): one range scan of the aggregate index.
    /// </summary>
    public async Task<HashSet<long>> ReadAggsInRangeAsync(Npgsql.NpgsqlConnection connection, DbTransaction transaction,
        IReadOnlyList<string> tables, long after, long last, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, transaction,
            $"SELECT DISTINCT agg_id FROM {Table} WHERE source_table = ANY(@t) AND agg_id > @a AND agg_id <= @l");
        Sql.Add(command, "@t", tables.ToArray());
        Sql.Add(command, "@a", after);
        Sql.Add(command, "@l", last);
        var result = new HashSet<long>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result.Add(reader.GetInt64(0));
        }
        return result;
    }

    private static readonly (string, NpgsqlTypes.NpgsqlDbType)[] CopyColumns =
    [
        ("source_table", NpgsqlTypes.NpgsqlDbType.Text), ("pk", NpgsqlTypes.NpgsqlDbType.Text), ("agg_id", NpgsqlTypes.NpgsqlDbType.Bigint),
        ("ref_id", NpgsqlTypes.NpgsqlDbType.Bigint), ("row_json", NpgsqlTypes.NpgsqlDbType.Text), ("origin", NpgsqlTypes.NpgsqlDbType.Text),
        ("pos_commit", NpgsqlTypes.NpgsqlDbType.Bigint), ("pos_change", NpgsqlTypes.NpgsqlDbType.Bigint),
    ];

    /// <summary>
    /// Inserts new mirror rows with binary COPY (no conflict handling: a key that already exists
    /// fails the COPY with a unique violation, and the caller falls back to the row-by-row apply).
    /// </summary>
    /// <param name="rows">The rows, each with its image encoded by <see cref="MirrorRow.Encode"/> (null for a tombstone).</param>
    public Task CopyAsync(Npgsql.NpgsqlConnection connection, IEnumerable<(MirrorRow Row, string? Json)> rows, CancellationToken ct) =>
        PostgresCopy.CopyAsync(connection, Table, CopyColumns,
            rows.Select(r => new object?[] { r.Row.Table, r.Row.Pk, r.Row.Agg, r.Row.Ref, r.Json, r.Row.Origin, r.Row.Position.Commit, r.Row.Position.Change }), ct);

    private const string Columns = "source_table, pk, agg_id, ref_id, row_json, origin, pos_commit, pos_change";

    private static async IAsyncEnumerable<MirrorRow> ReadAsync(DbCommand command, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken ct)
    {
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            var table = reader.GetString(0);
            var schema = LegacyCatalog.Find(table) ?? throw new InvalidOperationException($"cdc_mirror holds rows of unknown table '{table}'.");
            yield return new MirrorRow(table, reader.GetString(1), reader.GetInt64(2), reader.IsDBNull(3) ? null : reader.GetInt64(3),
                reader.IsDBNull(4) ? null : MirrorRow.Decode(schema, reader.GetString(4)), reader.IsDBNull(5) ? null : reader.GetString(5),
                new ChangePosition(reader.GetInt64(6), reader.GetInt64(7)));
        }
    }

}
