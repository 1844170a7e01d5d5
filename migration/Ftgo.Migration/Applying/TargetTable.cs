using System.Data.Common;
using Ftgo.Glue.Acl;
using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Applying;

/// <summary>
/// A table of a new side as the applier writes it: key and value columns from the ACL's rows,
/// plus — when the service's schema has them — <c>version</c> (bumped on every real change, so the
/// service's optimistic concurrency sees CDC writes) and <c>origin</c> (set to <c>legacy</c>).
/// Upserts write only when a value differs, so replays and re-projections change nothing.
/// </summary>
internal sealed class TargetTable(TargetStore store, string table, IReadOnlyList<ColumnInfo> keys, IReadOnlyList<ColumnInfo> values)
{
    public IReadOnlyList<ColumnInfo> KeyColumns { get; } = keys;
    public IReadOnlyList<ColumnInfo> ValueColumns { get; } = values;
    public IReadOnlyList<ColumnInfo> AllColumns { get; } = [.. keys, .. values];

    private bool _hasVersion;
    private bool _hasOrigin;

    public string Name { get; } = table;
    /// <summary>The name to use in SQL, resolved by <see cref="PrepareAsync"/>.</summary>
    public string Qualified { get; private set; } = store.Sql.Table(table);
    public IReadOnlyList<string> Keys { get; } = keys.Select(k => k.Name).ToList();
    public IReadOnlyList<string> Values { get; } = values.Select(v => v.Name).ToList();
    public bool HasVersion => _hasVersion;
    public bool HasOrigin => _hasOrigin;

    /// <summary>Checks the service's table has every column the ACL writes, and notes version/origin.</summary>
    public async Task PrepareAsync(DbConnection connection, CancellationToken ct)
    {
        var (qualified, columns) = await store.FindTableAsync(connection, Name, ct);
        Qualified = qualified;
        if (columns.Count == 0)
        {
            throw new InvalidOperationException(
                $"The {store.Options.Side} table '{Name}' does not exist: migrate the {store.Options.Side} service's database first.");
        }
        var missing = Keys.Concat(Values).Where(c => !columns.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The {store.Options.Side} table '{Name}' has no column(s) {string.Join(", ", missing)} that the anti-corruption layer writes.");
        }
        _hasVersion = columns.Contains("version");
        _hasOrigin = columns.Contains(SyncOrigin.Column);
        if (store.Sql.IsPostgres)
        {
            var types = await store.ColumnTypesAsync(connection, Name, ct);
            var copied = InsertColumns().Select(c => (c, types.GetValueOrDefault(c))).ToList();
            _copyColumns = copied.All(c => c.Item2 is not null) ? copied.Select(c => (c.c, c.Item2!.Value)).ToList() : null;
        }
    }

    private List<(string Name, NpgsqlTypes.NpgsqlDbType Type)>? _copyColumns;

    /// <summary>Whether <see cref="CopyAsync"/> can write this table (PostgreSQL, every column of a type binary COPY is given).</summary>
    public bool CanCopy => _copyColumns is not null;

    /// <summary>The columns an insert writes: keys, values, then version and origin when the table has them.</summary>
    private List<string> InsertColumns()
    {
        var columns = Keys.Concat(Values).ToList();
        if (_hasVersion)
        {
            columns.Add("version");
        }
        if (_hasOrigin)
        {
            columns.Add(SyncOrigin.Column);
        }
        return columns;
    }

    /// <summary>
    /// Inserts rows that do not exist yet with binary COPY, as <see cref="UpsertAsync"/> (version 1,
    /// origin legacy) or, for children, <see cref="InsertAsync"/> (origin legacy) would. A row that
    /// exists after all fails the COPY with a unique violation.
    /// </summary>
    public Task CopyAsync(Npgsql.NpgsqlConnection connection, IReadOnlyList<object?[]> rows, bool asUpsert, CancellationToken ct)
    {
        var columns = _copyColumns ?? throw new InvalidOperationException($"{Name} cannot be copied.");
        if (!asUpsert && _hasVersion)
        {
            columns = columns.Where(c => c.Name != "version").ToList();
        }
        var extra = new List<object?>();
        if (_hasVersion && asUpsert)
        {
            extra.Add(1);
        }
        if (_hasOrigin)
        {
            extra.Add(SyncOrigin.Legacy);
        }
        return PostgresCopy.CopyAsync(connection, Qualified, columns, extra.Count == 0 ? rows : rows.Select(r => r.Concat(extra).ToArray()), ct);
    }

    public Task UpsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return Task.CompletedTask;
        }
        var columns = Keys.Concat(Values).ToList();
        var extra = new List<object?>();
        if (_hasVersion)
        {
            columns.Add("version");
            extra.Add(1);
        }
        if (_hasOrigin)
        {
            columns.Add(SyncOrigin.Column);
            extra.Add(SyncOrigin.Legacy);
        }
        var set = Values.Select(v => $"{Sql.Quote(v)} = excluded.{Sql.Quote(v)}").ToList();
        if (_hasVersion)
        {
            set.Add($"\"version\" = {Qualified}.\"version\" + 1");
        }
        if (_hasOrigin)
        {
            set.Add($"{Sql.Quote(SyncOrigin.Column)} = excluded.{Sql.Quote(SyncOrigin.Column)}");
        }
        var tail = Values.Count == 0
            ? $"ON CONFLICT ({string.Join(", ", Keys.Select(Sql.Quote))}) DO NOTHING"
            : $"ON CONFLICT ({string.Join(", ", Keys.Select(Sql.Quote))}) DO UPDATE SET {string.Join(", ", set)} WHERE {store.Sql.Changed(Qualified, Values)}";
        var full = extra.Count == 0 ? rows : rows.Select(r => r.Concat(extra).ToArray()).ToList();
        return Sql.InsertManyAsync(connection, transaction, Qualified, columns, full, tail, ct);
    }

    /// <summary>Inserts plain rows (children re-written whole), with origin when the table has it.</summary>
    public Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<object?[]> rows, CancellationToken ct)
    {
        if (rows.Count == 0)
        {
            return Task.CompletedTask;
        }
        var columns = Keys.Concat(Values).ToList();
        IReadOnlyList<object?[]> full = rows;
        if (_hasOrigin)
        {
            columns.Add(SyncOrigin.Column);
            full = rows.Select(r => r.Append(SyncOrigin.Legacy).ToArray()).ToList();
        }
        return Sql.InsertManyAsync(connection, transaction, Qualified, columns, full, "", ct);
    }

    public async Task DeleteAsync(DbConnection connection, DbTransaction transaction, string column, IReadOnlyList<long> ids, CancellationToken ct)
    {
        await Sql.ForChunksAsync(ids.Cast<object>().ToList(), Sql.ChunkSize(connection), async chunk =>
        {
            await using var command = Sql.Command(connection, transaction, "");
            command.CommandText = $"DELETE FROM {Qualified} WHERE {Sql.Quote(column)} {Sql.In(command, "d", chunk)}";
            await command.ExecuteNonQueryAsync(ct);
        });
    }

    /// <summary>Reads <paramref name="columns"/> of the rows whose <paramref name="column"/> is one of <paramref name="ids"/>.</summary>
    public async Task<List<object?[]>> ReadAsync(DbConnection connection, DbTransaction? transaction, string column, IReadOnlyList<long> ids,
        IReadOnlyList<string> columns, string orderBy, CancellationToken ct)
    {
        var rows = new List<object?[]>();
        await Sql.ForChunksAsync(ids.Cast<object>().ToList(), Sql.ChunkSize(connection), async chunk =>
        {
            await using var command = Sql.Command(connection, transaction, "");
            command.CommandText =
                $"SELECT {string.Join(", ", columns.Select(Sql.Quote))} FROM {Qualified} WHERE {Sql.Quote(column)} {Sql.In(command, "r", chunk)} ORDER BY {orderBy}";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                var row = new object?[columns.Count];
                for (var i = 0; i < columns.Count; i++)
                {
                    row[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
                }
                rows.Add(row);
            }
        });
        return rows;
    }
}
