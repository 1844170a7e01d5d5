using System.Data.Common;
using Ftgo.Glue.Acl;
using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Applying;

/// <summary>
/// A table of a new side as the applier writes it: key and value columns from the ACL's rows,
/// plus — when the service's schema has them — <c>version</c> (bumped on every real change, so the
/// service's optimistic concurrency sees CDC writes) and <c>origin</c> (set to <c>legacy</c>).
/// Upserts write only when a value differs, so replays and re-projections change nothing. A table
/// the service also writes (tickets, deliveries) names its <see cref="SharedFields"/>: the value
/// columns are exactly the shared ones, and the upsert merges each by its ACL rule in SQL — in the
/// <c>ON CONFLICT … DO UPDATE</c>, so the rule meets the row as the service last committed it,
/// with no window between a read and a write.
/// </summary>
internal sealed class TargetTable
{
    private readonly TargetSchema _schema;
    private readonly SharedFields? _shared;

    public TargetTable(TargetSchema schema, string table, IReadOnlyList<ColumnInfo> keys, IReadOnlyList<ColumnInfo> values, SharedFields? shared = null)
    {
        _schema = schema;
        _shared = shared;
        Name = table;
        KeyColumns = keys;
        ValueColumns = values;
        AllColumns = [.. keys, .. values];
        Qualified = schema.Sql.Table(table);
        Keys = keys.Select(k => k.Name).ToList();
        Values = values.Select(v => v.Name).ToList();
        if (shared is not null && !shared.Rules.Keys.Order(StringComparer.Ordinal).SequenceEqual(Values.Order(StringComparer.Ordinal)))
        {
            // The ACL's list of shared columns is the projection's: a column on one list only is a bug, found at start.
            throw new InvalidOperationException(
                $"The {table} projection writes {string.Join(", ", Values)} but the ACL shares {string.Join(", ", shared.Rules.Keys)}.");
        }
    }

    public IReadOnlyList<ColumnInfo> KeyColumns { get; }
    public IReadOnlyList<ColumnInfo> ValueColumns { get; }
    public IReadOnlyList<ColumnInfo> AllColumns { get; }

    private bool _hasVersion;
    private bool _hasOrigin;

    public string Name { get; }
    /// <summary>The name to use in SQL, resolved by <see cref="PrepareAsync"/>.</summary>
    public string Qualified { get; private set; }
    public IReadOnlyList<string> Keys { get; }
    public IReadOnlyList<string> Values { get; }
    public bool HasVersion => _hasVersion;

    /// <summary>Whether verify compares <paramref name="column"/>: keys and every value but a filled-in one (<see cref="MergeRule.FillIn"/>).</summary>
    public bool IsCompared(string column) => _shared is null || Keys.Contains(column) || _shared.IsCompared(column);
    public bool HasOrigin => _hasOrigin;

    /// <summary>Checks the service's table has every column the ACL writes, and notes version/origin.</summary>
    public async Task PrepareAsync(DbConnection connection, CancellationToken ct)
    {
        var (qualified, columns) = await _schema.FindTableAsync(connection, Name, ct);
        Qualified = qualified;
        if (columns.Count == 0)
        {
            throw new InvalidOperationException(
                $"The {_schema.Side} table '{Name}' does not exist: migrate the {_schema.Side} service's database first.");
        }
        var missing = Keys.Concat(Values).Where(c => !columns.Contains(c)).ToList();
        if (missing.Count > 0)
        {
            throw new InvalidOperationException(
                $"The {_schema.Side} table '{Name}' has no column(s) {string.Join(", ", missing)} that the anti-corruption layer writes.");
        }
        _hasVersion = columns.Contains("version");
        _hasOrigin = columns.Contains(SyncOrigin.Column);
        if (_schema.Sql.IsPostgres)
        {
            var types = await _schema.ColumnTypesAsync(connection, Name, ct);
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
        return PostgresCopy.CopyAsync(connection, Qualified, columns, rows, ct, extra);
    }

    /// <summary>
    /// Inserts <paramref name="rows"/>, or merges each into the stored row by the ACL's rules (<see cref="Merged"/>)
    /// where a value differs. <paramref name="onlyIfMissing"/>: a stored row is left as it is, but still locked
    /// (PostgreSQL locks a conflicting row even when the update's WHERE is false), as a merge would lock it.
    /// </summary>
    public Task UpsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<object?[]> rows, CancellationToken ct,
        bool onlyIfMissing = false)
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
        var set = Values.Select(v => $"{Sql.Quote(v)} = {Merged(v)}").ToList();
        if (_hasVersion)
        {
            set.Add($"\"version\" = {Qualified}.\"version\" + 1");
        }
        if (_hasOrigin)
        {
            set.Add($"{Sql.Quote(SyncOrigin.Column)} = excluded.{Sql.Quote(SyncOrigin.Column)}");
        }
        var conflict = $"ON CONFLICT ({string.Join(", ", Keys.Select(Sql.Quote))})";
        var tail = Values.Count == 0
            ? $"{conflict} DO NOTHING"
            : onlyIfMissing
                ? $"{conflict} DO UPDATE SET {Sql.Quote(Values[0])} = {Qualified}.{Sql.Quote(Values[0])} WHERE 1 = 0"
                : $"{conflict} DO UPDATE SET {string.Join(", ", set)} WHERE {string.Join(" OR ", Values.Select(v => _schema.Sql.Differs($"{Qualified}.{Sql.Quote(v)}", Merged(v))))}";
        var full = extra.Count == 0 ? rows : rows.Select(r => r.Concat(extra).ToArray()).ToList();
        return Sql.InsertManyAsync(connection, transaction, Qualified, columns, full, tail, ct);
    }

    /// <summary>
    /// The value a column takes when a projected row meets the stored one: the ACL's rule
    /// (<see cref="SharedFields.Merge"/>) in SQL. <c>excluded</c> is the projected row, the table's
    /// name the stored one.
    /// </summary>
    private string Merged(string column)
    {
        var incoming = $"excluded.{Sql.Quote(column)}";
        var current = $"{Qualified}.{Sql.Quote(column)}";
        return (_shared?.RuleOf(column) ?? MergeRule.Replace) switch
        {
            MergeRule.KeepKnown => $"coalesce({incoming}, {current})",
            MergeRule.FillIn => $"coalesce({current}, {incoming})",
            MergeRule.Forward => $"CASE WHEN {Rank(incoming)} >= {Rank(current)} THEN {incoming} ELSE {current} END",
            _ => incoming,
        };
    }

    /// <summary><see cref="StateProgression.Rank"/> in SQL: a state's position, -1 for any other value.</summary>
    private string Rank(string state) =>
        $"(CASE {state} {string.Join(" ", _shared!.Progression.Ranked.Select((s, i) => $"WHEN '{s.Replace("'", "''")}' THEN {i}"))} ELSE -1 END)";

    /// <summary>
    /// Inserts plain rows (children re-written whole), with origin when the table has it: <c>legacy</c>,
    /// or the row's own from <paramref name="origins"/> (a row the service wrote that a merge kept).
    /// </summary>
    public Task InsertAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<object?[]> rows, CancellationToken ct,
        IReadOnlyList<string>? origins = null)
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
            full = rows.Select((r, i) => r.Append(origins?[i] ?? SyncOrigin.Legacy).ToArray()).ToList();
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
