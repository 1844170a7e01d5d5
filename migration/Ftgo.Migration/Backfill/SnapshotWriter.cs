using System.Diagnostics;
using Ftgo.Migration.Applying;
using Ftgo.Migration.Catalog;
using Ftgo.Migration.Cdc;
using Npgsql;

namespace Ftgo.Migration.Backfill;

/// <summary>
/// Applies a snapshot batch set-based on PostgreSQL through each target's <see cref="BatchApplier"/>, with the same
/// result as its row-by-row apply: contested aggregates take the row-by-row apply, the others are copied into the mirror
/// and projected from memory (README, "Backfill"). SQLite keeps the row-by-row path.
/// </summary>
internal static class SnapshotWriter
{
    public static async Task WriteAsync(ChangeApplier applier, SnapshotBatch batch, BackfillPhases phases, CancellationToken ct)
    {
        await applier.PrepareAsync(ct);
        await Task.WhenAll(applier.Targets.Select(target => target.Store.Sql.IsPostgres
            ? ApplyAsync(target, batch, phases, ct)
            : RowByRowAsync(target, batch, phases, ct)));
    }

    private static async Task RowByRowAsync(BatchApplier applier, SnapshotBatch batch, BackfillPhases phases, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await applier.ApplyAsync(batch.Records, snapshot: true, ct);
        phases.Add(BackfillPhases.RowByRow, started);
    }

    private static async Task ApplyAsync(BatchApplier applier, SnapshotBatch batch, BackfillPhases phases, CancellationToken ct)
    {
        var (store, projection) = (applier.Store, applier.Projection);
        var started = Stopwatch.GetTimestamp();
        await using var target = await applier.BeginAsync(batch.Records, snapshot: true, ct);
        var (connection, transaction) = ((NpgsqlConnection)target.Connection, (NpgsqlTransaction)target.Transaction);
        var fresh = target.Fresh;
        phases.Add(BackfillPhases.Checkpoint, started);

        var tables = batch.Tables.Where(projection.MirroredTables.Contains).ToList();
        if (tables.Count > 0 && fresh.Count > 0)
        {
            started = Stopwatch.GetTimestamp();
            var contested = await store.Mirror.ReadAggsInRangeAsync(connection, transaction, tables, batch.After, batch.Last, ct);
            phases.Add(BackfillPhases.Contested, started);
            var prepared = batch.Prepared.GetValueOrDefault(applier.Side) ?? Prepare(projection, batch.Records, phases);
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
                await applier.ApplyRecordsAsync(target, fresh.Where(r => contested.Contains(r.Position)).ToList(), ct);
                phases.Add(BackfillPhases.RowByRow, started);
            }
            if (rows.Count > 0 && !await CopyMirrorAsync(store.Mirror, connection, transaction, rows, phases, ct))
            {
                started = Stopwatch.GetTimestamp();
                await applier.ApplyRecordsAsync(target, fresh.Where(r => !contested.Contains(r.Position)).ToList(), ct);
                phases.Add(BackfillPhases.RowByRow, started);
            }
            else if (rows.Count > 0 && prepared.Projected is { } projected)
            {
                await WriteProjectedAsync(target, projected, rows.Select(r => r.Position).ToHashSet(), phases, ct);
            }
            else if (rows.Count > 0)
            {
                started = Stopwatch.GetTimestamp();
                var writes = await applier.ProjectWholeAsync(target, rows.Select(r => r.Row).ToList(), tables, ct);
                phases.AddTicks(BackfillPhases.Write, writes);
                phases.AddTicks(BackfillPhases.Translate, Stopwatch.GetTimestamp() - started - writes);
            }
        }

        started = Stopwatch.GetTimestamp();
        await target.CommitAsync(ct);
        phases.Add(BackfillPhases.Checkpoint, started);
    }

    /// <summary>
    /// Works a batch out for every PostgreSQL side ahead of its transaction (see <see cref="PreparedSnapshot"/>):
    /// pure computation on the batch's rows, safe to run while the previous batch is written.
    /// </summary>
    public static IReadOnlyDictionary<string, PreparedSnapshot> Prepare(ChangeApplier applier, IReadOnlyList<SourceRecord> records, BackfillPhases phases) =>
        applier.Targets.Where(t => t.Store.Sql.IsPostgres).ToDictionary(t => t.Side, t => Prepare(t.Projection, records, phases));

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
            projected = (projection as ISnapshotProjection)?.ProjectSnapshot(rows.Select(r => r.Row).ToList());
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
    private static async Task WriteProjectedAsync(BatchTransaction target, IReadOnlyList<ProjectedWrite> projected,
        HashSet<long> keep, BackfillPhases phases, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var batch = target.Projecting(new Dictionary<(string, string), MirrorRow>());
        foreach (var write in projected)
        {
            var aggregates = write.Aggregates.All(a => keep.Contains(a.Id)) ? write.Aggregates : write.Aggregates.Where(a => keep.Contains(a.Id)).ToList();
            await write.Writer.WriteAsync(batch, aggregates, ct);
        }
        phases.Add(BackfillPhases.Write, started);
    }

    private static async Task<bool> CopyMirrorAsync(MirrorStore mirror, NpgsqlConnection connection, NpgsqlTransaction transaction,
        IReadOnlyList<PreparedMirrorRow> rows, BackfillPhases phases, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await transaction.SaveAsync("snapshot_copy", ct);
        try
        {
            await mirror.CopyAsync(connection, rows.Select(r => (r.Row, r.Json)), ct);
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
}
