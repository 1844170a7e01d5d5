using System.Data.Common;

namespace Ftgo.Migration.Applying;

/// <summary>
/// How far each stream is applied into one target: <c>cdc_checkpoints</c> (stream → position, written in
/// the transaction of the rows it covers) and <c>cdc_backfill</c> (per table, the source position its
/// snapshot began at and, once done, the last key copied).
/// </summary>
internal sealed class CheckpointStore(Sql sql)
{
    public string Table => sql.Table("cdc_checkpoints");
    public string Backfill => sql.Table("cdc_backfill");

    /// <summary>The tables' DDL, run with the applier's other tables (<see cref="TargetStore.EnsureCreatedAsync"/>).</summary>
    public string CreateTables()
    {
        var (big, text) = (sql.BigIntType, sql.TextType);
        return $"""
            CREATE TABLE IF NOT EXISTS {Table} (stream {text} PRIMARY KEY, position {big} NOT NULL, updated_at {text} NOT NULL);
            CREATE TABLE IF NOT EXISTS {Backfill} (
              table_name {text} PRIMARY KEY, last_key {big} NOT NULL, done {big} NOT NULL, snapshot_commit {big} NOT NULL);
            """;
    }

    public async Task<Dictionary<string, long>> ReadAsync(DbConnection connection, DbTransaction transaction, IEnumerable<string> streams, CancellationToken ct)
    {
        var result = new Dictionary<string, long>();
        var list = streams.Distinct().Cast<object>().ToList();
        await Sql.ForChunksAsync(list, Sql.ChunkSize(connection), async chunk =>
        {
            await using var command = Sql.Command(connection, transaction, "");
            command.CommandText = $"SELECT stream, position FROM {Table} WHERE stream {Sql.In(command, "s", chunk)}";
            await using var reader = await command.ExecuteReaderAsync(ct);
            while (await reader.ReadAsync(ct))
            {
                result[reader.GetString(0)] = reader.GetInt64(1);
            }
        });
        return result;
    }

    public async Task<Dictionary<string, long>> ReadAllAsync(DbConnection connection, CancellationToken ct)
    {
        await using var command = Sql.Command(connection, null, $"SELECT stream, position FROM {Table}");
        var result = new Dictionary<string, long>();
        await using var reader = await command.ExecuteReaderAsync(ct);
        while (await reader.ReadAsync(ct))
        {
            result[reader.GetString(0)] = reader.GetInt64(1);
        }
        return result;
    }

    public Task WriteAsync(DbConnection connection, DbTransaction transaction, IReadOnlyDictionary<string, long> positions, CancellationToken ct)
    {
        var now = DateTime.UtcNow.ToString("O");
        var rows = positions.Select(p => new object?[] { p.Key, p.Value, now }).ToList();
        return rows.Count == 0
            ? Task.CompletedTask
            : Sql.InsertManyAsync(connection, transaction, Table, ["stream", "position", "updated_at"], rows,
                "ON CONFLICT (stream) DO UPDATE SET position = excluded.position, updated_at = excluded.updated_at", ct);
    }

    /// <summary>
    /// Records a table's snapshot: the source position it began at (kept across resumes), or, with
    /// <paramref name="finished"/>, the last key copied. Outside any transaction: it commits synchronously.
    /// </summary>
    public Task RecordSnapshotAsync(DbConnection connection, string table, long position, long? finished, CancellationToken ct) =>
        Sql.ExecuteAsync(connection, null, finished is null
            ? $"INSERT INTO {Backfill} (table_name, last_key, done, snapshot_commit) VALUES (@t, 0, 0, @p) ON CONFLICT (table_name) DO NOTHING"
            : $"UPDATE {Backfill} SET last_key = @k, done = 1 WHERE table_name = @t",
            ct, ("@t", table), ("@p", position), ("@k", finished ?? 0));

    /// <summary>Forgets a table's snapshot: its stream's checkpoint and its record.</summary>
    public async Task ForgetSnapshotAsync(DbConnection connection, string stream, string table, CancellationToken ct)
    {
        await Sql.ExecuteAsync(connection, null, $"DELETE FROM {Table} WHERE stream = @s", ct, ("@s", stream));
        await Sql.ExecuteAsync(connection, null, $"DELETE FROM {Backfill} WHERE table_name = @t", ct, ("@t", table));
    }
}
