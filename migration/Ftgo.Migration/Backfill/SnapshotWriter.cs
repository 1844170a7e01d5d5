using System.Data.Common;
using System.Diagnostics;
using Ftgo.Glue.Acl;
using Ftgo.Migration.Applying;
using Ftgo.Migration.Catalog;
using Ftgo.Migration.Cdc;
using Npgsql;

namespace Ftgo.Migration.Backfill;

/// <summary>
/// Applies a snapshot batch set-based on PostgreSQL, with the same result as the row-by-row
/// applier. Per target, in one transaction under the target's apply lock: one range scan of the
/// mirror finds the aggregates of the batch that CDC (or an earlier run) has already touched —
/// those <em>contested</em> aggregates go through the row-by-row apply, which never lets an older
/// image overwrite a newer one. The others have no mirror row at all, so their snapshot rows are
/// the whole aggregate: they are copied into the mirror with binary COPY (a key that exists after
/// all — a row that moved to another aggregate — fails the COPY, and the batch falls back to the
/// row-by-row apply from a savepoint), projected through the ACL from memory without reading
/// anything back, and written set-based; the checkpoint commits with them. What does not depend
/// on the target — the mirror rows with their JSON encoded, and the ACL's aggregates for a side
/// that projects a snapshot from its own rows — is worked out before the transaction
/// (<see cref="Prepare(ChangeApplier, IReadOnlyList{SourceRecord}, BackfillPhases)"/>), while the
/// previous batch is written; the transaction keeps what is fresh and uncontested. SQLite keeps
/// the row-by-row path (its writes are local and cheap; the fast path's gain is in round trips).
/// </summary>
internal static class SnapshotWriter
{
    public static async Task WriteAsync(ChangeApplier applier, SnapshotBatch batch, BackfillPhases phases, CancellationToken ct)
    {
        await applier.PrepareAsync(ct);
        await Task.WhenAll(applier.Projections.Select(projection => projection.Store.Sql.IsPostgres
            ? ApplyAsync(projection, batch, phases, ct)
            : RowByRowAsync(projection, batch, phases, ct)));
    }

    private static async Task RowByRowAsync(SideProjection projection, SnapshotBatch batch, BackfillPhases phases, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await using var connection = projection.Store.Connect();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var fresh = await ChangeApplier.BeginAsync(projection.Store, connection, transaction, batch.Records, ct);
        await ChangeApplier.ApplyRecordsAsync(projection, connection, transaction, fresh, ct);
        await projection.Store.WriteCheckpointsAsync(connection, transaction, ChangeApplier.Positions(fresh), ct);
        await transaction.CommitAsync(ct);
        phases.Add(BackfillPhases.RowByRow, started);
    }

    private static async Task ApplyAsync(SideProjection projection, SnapshotBatch batch, BackfillPhases phases, CancellationToken ct)
    {
        var store = projection.Store;
        var started = Stopwatch.GetTimestamp();
        await using var connection = (NpgsqlConnection)store.Connect();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        // The batch and its checkpoint commit together, without waiting for the WAL flush: a crash
        // loses the last batches whole, checkpoint included (PostgreSQL replays its log in order, so
        // nothing committed after them survives without them), and a resumed backfill copies them
        // again. The backfill's final record commits synchronously, which flushes every batch
        // before it reports the table done.
        await Sql.ExecuteAsync(connection, transaction, "SET LOCAL synchronous_commit = off", ct);
        var fresh = await ChangeApplier.BeginAsync(store, connection, transaction, batch.Records, ct);
        phases.Add(BackfillPhases.Checkpoint, started);

        var tables = batch.Tables.Where(projection.MirroredTables.Contains).ToList();
        if (tables.Count > 0 && fresh.Count > 0)
        {
            started = Stopwatch.GetTimestamp();
            var contested = await store.ReadMirrorAggsInRangeAsync(connection, transaction, tables, batch.After, batch.Last, ct);
            phases.Add(BackfillPhases.Contested, started);
            var prepared = batch.Prepared.GetValueOrDefault(projection.Side) ?? Prepare(projection, batch.Records, phases);
            var positions = fresh.Select(r => r.Position).ToHashSet();
            List<PreparedMirrorRow> rows;
            if (prepared.Rows is null)
            {
                contested = positions; // a row the ACL cannot read: let the row-by-row apply dead-letter it
                rows = [];
            }
            else
            {
                rows = prepared.Rows.Where(r => positions.Contains(r.Position) && !contested.Contains(r.Position)).ToList();
            }
            if (contested.Count > 0)
            {
                started = Stopwatch.GetTimestamp();
                await ChangeApplier.ApplyRecordsAsync(projection, connection, transaction, fresh.Where(r => contested.Contains(r.Position)).ToList(), ct);
                phases.Add(BackfillPhases.RowByRow, started);
            }
            if (rows.Count > 0 && !await CopyMirrorAsync(store, connection, transaction, rows, phases, ct))
            {
                started = Stopwatch.GetTimestamp();
                await ChangeApplier.ApplyRecordsAsync(projection, connection, transaction, fresh.Where(r => !contested.Contains(r.Position)).ToList(), ct);
                phases.Add(BackfillPhases.RowByRow, started);
            }
            else if (rows.Count > 0 && prepared.Projected is { } projected)
            {
                await WriteProjectedAsync(connection, transaction, projected, rows.Select(r => r.Position).ToHashSet(), phases, ct);
            }
            else if (rows.Count > 0)
            {
                await ProjectAsync(projection, connection, transaction, rows.Select(r => r.Row).ToList(), tables, phases, ct);
            }
        }

        started = Stopwatch.GetTimestamp();
        await store.WriteCheckpointsAsync(connection, transaction, ChangeApplier.Positions(fresh), ct);
        await transaction.CommitAsync(ct);
        phases.Add(BackfillPhases.Checkpoint, started);
    }

    /// <summary>
    /// Works a batch out for every PostgreSQL side ahead of its transaction (see <see cref="PreparedSnapshot"/>):
    /// pure computation on the batch's rows, safe to run while the previous batch is written.
    /// </summary>
    public static IReadOnlyDictionary<string, PreparedSnapshot> Prepare(ChangeApplier applier, IReadOnlyList<SourceRecord> records, BackfillPhases phases) =>
        applier.Projections.Where(p => p.Store.Sql.IsPostgres).ToDictionary(p => p.Side, p => Prepare(p, records, phases));

    private static PreparedSnapshot Prepare(SideProjection projection, IReadOnlyList<SourceRecord> records, BackfillPhases phases)
    {
        var started = Stopwatch.GetTimestamp();
        var rows = Mirror(projection, records);
        phases.Add(BackfillPhases.Encode, started);
        if (rows is null)
        {
            return new PreparedSnapshot(null, null);
        }
        started = Stopwatch.GetTimestamp();
        IReadOnlyList<ProjectedWrite>? projected;
        try
        {
            projected = projection.ProjectSnapshot(rows.Select(r => r.Row).ToList());
        }
        catch (Exception)
        {
            projected = null; // the transaction projects it the usual way, and fails there as the applier does
        }
        phases.Add(BackfillPhases.Translate, started);
        return new PreparedSnapshot(rows, projected);
    }

    /// <summary>The mirror rows of a batch's records, their images encoded (null when a row cannot be indexed).</summary>
    private static List<PreparedMirrorRow>? Mirror(SideProjection projection, IReadOnlyList<SourceRecord> records)
    {
        var rows = new List<PreparedMirrorRow>(records.Count);
        foreach (var record in records)
        {
            // Snapshot records: position = the root's id = the aggregate of every row in it.
            if (record.Change is not { } change || !projection.MirroredTables.Contains(change.Source.Table))
            {
                continue;
            }
            var table = LegacyCatalog.Find(change.Source.Table)!;
            try
            {
                var (agg, reference) = projection.Index(table.Table, change.Row);
                var row = new MirrorRow(table.Table, MirrorRow.KeyOf(table, change.Row), agg, reference, change.After,
                    change.Row.GetNullableString(LegacyCatalog.OriginColumn), change.Position);
                rows.Add(new PreparedMirrorRow(record.Position, row, row.Row is null ? null : MirrorRow.Encode(row.Row)));
            }
            catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
            {
                return null;
            }
        }
        return rows;
    }

    /// <summary>Writes the aggregates projected ahead of the transaction, those of <paramref name="keep"/> (fresh and uncontested).</summary>
    private static async Task WriteProjectedAsync(DbConnection connection, DbTransaction transaction, IReadOnlyList<ProjectedWrite> projected,
        HashSet<long> keep, BackfillPhases phases, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        foreach (var write in projected)
        {
            var aggregates = write.Aggregates.All(a => keep.Contains(a.Id)) ? write.Aggregates : write.Aggregates.Where(a => keep.Contains(a.Id)).ToList();
            await write.Writer.WriteAsync(connection, transaction, aggregates, ct);
        }
        phases.Add(BackfillPhases.Write, started);
    }

    private static async Task<bool> CopyMirrorAsync(TargetStore store, NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyList<PreparedMirrorRow> rows, BackfillPhases phases, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await transaction.SaveAsync("snapshot_copy", ct);
        try
        {
            await store.CopyMirrorAsync(connection, rows.Select(r => (r.Row, r.Json)), ct);
            await transaction.ReleaseAsync("snapshot_copy", ct);
            return true;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            await transaction.RollbackAsync("snapshot_copy", ct);
            return false;
        }
        finally
        {
            phases.Add(BackfillPhases.Mirror, started);
        }
    }

    /// <summary>Projects the uncontested aggregates from the rows in memory: nothing else exists for them in the mirror.</summary>
    private static async Task ProjectAsync(SideProjection projection, DbConnection connection, DbTransaction transaction,
        IReadOnlyList<MirrorRow> rows, IReadOnlyList<string> tables, BackfillPhases phases, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var writesBefore = projection.WriteTicks;
        var dirty = new DirtySet();
        foreach (var row in rows.Where(r => !SyncOrigin.ShouldSkip(r.Origin, projection.Side)))
        {
            projection.MarkDirty(row.Table, null, row, dirty);
        }
        projection.Known = rows.ToDictionary(r => (r.Table, r.Pk));
        projection.CompleteAggs = rows.Select(r => r.Agg).ToHashSet();
        projection.CompleteTables = tables.ToHashSet();
        try
        {
            await projection.ProjectAsync(connection, transaction, dirty, ct);
        }
        finally
        {
            projection.Known = new Dictionary<(string, string), MirrorRow>();
            projection.CompleteAggs = new HashSet<long>();
            projection.CompleteTables = new HashSet<string>();
        }
        var writes = projection.WriteTicks - writesBefore;
        phases.AddTicks(BackfillPhases.Write, writes);
        phases.AddTicks(BackfillPhases.Translate, Stopwatch.GetTimestamp() - started - writes);
    }
}
