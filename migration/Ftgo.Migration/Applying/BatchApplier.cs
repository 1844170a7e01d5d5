using System.Data.Common;
using Ftgo.Glue.Acl;
using Ftgo.Migration.Catalog;
using Ftgo.Migration.Cdc;
using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Applying;

/// <summary>
/// Applies batches of source records to one target, for CDC and the backfill alike: in one transaction under the
/// target's apply lock, skip what the checkpoint covers, dead-letter what cannot be read, update the mirror, re-project
/// what changed (not the side's own echoes) and move the checkpoint with the rows (README, "How a change travels").
/// </summary>
internal sealed class BatchApplier
{
    public BatchApplier(TargetOptions target)
    {
        Store = new TargetStore(target);
        Projection = ProjectionFactory.For(Store);
    }

    public TargetStore Store { get; }
    public SideProjection Projection { get; }
    public string Side => Projection.Side;

    /// <summary>Creates the applier's tables and checks the side's tables have what the ACL writes.</summary>
    public async Task PrepareAsync(CancellationToken ct)
    {
        await Store.EnsureCreatedAsync(ct);
        await using var connection = Store.Connect();
        await connection.OpenAsync(ct);
        await Projection.PrepareAsync(connection, ct);
    }

    /// <summary>Applies <paramref name="batch"/> record by record, in a transaction of its own.</summary>
    /// <param name="snapshot">A snapshot batch: commits without waiting for the WAL flush, and wakes no waiting request.</param>
    public async Task ApplyAsync(IReadOnlyList<SourceRecord> batch, bool snapshot, CancellationToken ct)
    {
        await using var target = await BeginAsync(batch, snapshot, ct);
        await ApplyRecordsAsync(target, target.Fresh, ct);
        await target.CommitAsync(ct);
    }

    /// <summary>Opens the batch's transaction, takes the target's apply lock and keeps the records above their stream's checkpoint.</summary>
    /// <param name="snapshot">
    /// The batch and its checkpoint commit together without waiting for the WAL flush: a crash loses the last
    /// batches whole, checkpoint included (PostgreSQL replays its log in order), and a resumed backfill copies
    /// them again. The backfill's final record commits synchronously, which flushes every batch before it.
    /// </param>
    public async Task<BatchTransaction> BeginAsync(IReadOnlyList<SourceRecord> batch, bool snapshot, CancellationToken ct)
    {
        var connection = Store.Connect();
        DbTransaction? transaction = null;
        try
        {
            await connection.OpenAsync(ct);
            transaction = await connection.BeginTransactionAsync(ct);
            if (snapshot && Store.Sql.IsPostgres)
            {
                await Sql.ExecuteAsync(connection, transaction, "SET LOCAL synchronous_commit = off", ct);
            }
            // One apply per target at a time (CDC and a backfill may run together): each transaction
            // then reads the mirror and the side's tables as the previous one left them, so a projection
            // is never computed from a view another writer is about to change. SQLite's transactions
            // (BEGIN IMMEDIATE) serialize writers already.
            if (Store.Sql.IsPostgres)
            {
                await Sql.ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext(@k))", ct, ("@k", "ftgo_cdc.apply." + Store.Options.Schema));
            }
            var checkpoints = await Store.Checkpoints.ReadAsync(connection, transaction, batch.Select(r => r.Stream), ct);
            var fresh = batch.Where(r => !checkpoints.TryGetValue(r.Stream, out var done) || r.Position > done).ToList();
            return new BatchTransaction(Store, connection, transaction, fresh, notify: !snapshot);
        }
        catch
        {
            if (transaction is not null)
            {
                await transaction.DisposeAsync();
            }
            await connection.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// The record-by-record apply, inside the batch's transaction: dead letters, the mirror (an
    /// older image never overwrites a newer one), and the projection of what the records touched.
    /// </summary>
    public async Task ApplyRecordsAsync(BatchTransaction target, IReadOnlyList<SourceRecord> records, CancellationToken ct)
    {
        var (connection, transaction) = (target.Connection, target.Transaction);
        var deadLetters = new List<DeadLetter>();
        var changes = new List<(SourceRecord Record, TableSchema Table, string Pk)>();
        foreach (var record in records)
        {
            if (record.IsMark)
            {
                continue; // only the checkpoint moves
            }
            if (record.Change is not { } change)
            {
                deadLetters.Add(DeadLetter.Of(record, record.Error ?? "unreadable event"));
                continue;
            }
            var table = change.Source.Schema == LegacyCatalog.Schema ? LegacyCatalog.Find(change.Source.Table) : null;
            if (table is null)
            {
                deadLetters.Add(DeadLetter.Of(record,
                    $"unknown table {change.Source.Schema}.{change.Source.Table}: CDC captures {string.Join(", ", LegacyCatalog.Tables.Select(t => t.QualifiedName))}"));
                continue;
            }
            if (!Projection.MirroredTables.Contains(table.Table))
            {
                continue;
            }
            try
            {
                changes.Add((record, table, MirrorRow.KeyOf(table, change.Row)));
                Projection.Index(table.Table, change.Row);
            }
            catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
            {
                changes.RemoveAt(changes.Count - 1);
                deadLetters.Add(DeadLetter.Of(record, $"{table.Table}: {e.Message}"));
            }
        }

        var current = new Dictionary<(string, string), MirrorRow>();
        foreach (var group in changes.GroupBy(c => c.Table.Table))
        {
            foreach (var (key, row) in await Store.Mirror.ReadByKeyAsync(connection, transaction, group.Key, group.Select(c => c.Pk).Distinct().ToList(), ct))
            {
                current[key] = row;
            }
        }
        var written = new Dictionary<(string, string), MirrorRow>();
        var dirty = new DirtySet();
        var legacyWrites = new List<(string Group, string Table, long AtMs)>();
        foreach (var (record, table, pk) in changes)
        {
            var change = record.Change!;
            current.TryGetValue((table.Table, pk), out var previous);
            if (previous is not null && change.Position < previous.Position)
            {
                continue; // stale: a newer image of this row is already applied
            }
            var image = change.Op == ChangeOperation.Delete ? null : change.After;
            var origin = change.Row.GetNullableString(LegacyCatalog.OriginColumn);
            legacyWrites.AddRange(LegacyWrites.Owned(Side, table, previous?.Row, change).Select(w => (w.Group, w.Table, change.Source.TsMs)));
            var (agg, reference) = Projection.Index(table.Table, change.Row);
            var next = new MirrorRow(table.Table, pk, agg, reference, image, origin, change.Position);
            current[(table.Table, pk)] = next;
            written[(table.Table, pk)] = next;
            // A delete is never skipped: on PostgreSQL it carries the origin of the row's last writer, not of
            // the transaction that deleted it (the monolith's cancel deleting actions the glue wrote says
            // "delivery"). Re-projecting from the mirror is idempotent and merges forward only, so an echo changes nothing.
            if (change.Op == ChangeOperation.Delete || !SyncOrigin.ShouldSkip(origin, Side))
            {
                Projection.MarkDirty(table.Table, previous, next, change.Op == ChangeOperation.Read, dirty);
            }
        }

        await Store.Mirror.WriteAsync(connection, transaction, written.Values.ToList(), ct);
        await Projection.ProjectAsync(target.Projecting(current), dirty, ct);
        await Store.DeadLetters.WriteAsync(connection, transaction, deadLetters, ct);
        await LegacyWrites.WriteAsync(Store, connection, transaction, legacyWrites, ct);
    }

    /// <summary>
    /// Projects whole aggregates from <paramref name="rows"/> alone, inside the batch's transaction: a snapshot
    /// batch's aggregates that had no mirror row before (so the batch holds every row of <paramref name="tables"/>
    /// for them, and nothing is read back). Returns the stopwatch ticks spent writing the side's tables.
    /// </summary>
    public async Task<long> ProjectWholeAsync(BatchTransaction target, IReadOnlyList<MirrorRow> rows, IReadOnlyCollection<string> tables, CancellationToken ct)
    {
        var dirty = new DirtySet();
        foreach (var row in rows.Where(r => !SyncOrigin.ShouldSkip(r.Origin, Side)))
        {
            Projection.MarkDirty(row.Table, null, row, snapshot: true, dirty);
        }
        var batch = target.Projecting(rows.ToDictionary(r => (r.Table, r.Pk)), rows.Select(r => r.Agg).ToHashSet(), tables.ToHashSet());
        await Projection.ProjectAsync(batch, dirty, ct);
        return batch.WriteTicks;
    }
}
