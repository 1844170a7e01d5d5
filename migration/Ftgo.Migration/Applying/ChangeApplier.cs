using Ftgo.Glue.Acl;
using Ftgo.Hosting.Sync;
using Ftgo.Migration.Catalog;
using Ftgo.Migration.Cdc;
using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Applying;

/// <summary>
/// The sink that applies change events to the new schemas through the ACL. For each target
/// (kitchen, delivery), in one transaction of that target's database: records at or below the
/// stream's checkpoint are skipped (a replay after a crash); unreadable records and unknown
/// tables go to <c>cdc_dead_letters</c> with their reason; the mirror takes every newer row
/// image; the aggregates those changes touch are re-projected — except for changes whose
/// <c>origin</c> is the target's own side (loop prevention) — and merged forward only into rows the
/// service also writes (<see cref="ForwardOnly"/>: a ticket's or delivery's state never moves back,
/// a known time or courier is never erased); and the checkpoint moves to the batch's last position.
/// A crash at any point therefore ends in the same state with no double effect. Records of a
/// captured table that no target projects (menu items) are counted as captured, not projected
/// (<see cref="CdcStatistics.NotProjected"/>).
/// </summary>
public sealed class ChangeApplier : IChangeSink
{
    private readonly IReadOnlyList<SideProjection> _projections;
    private readonly HashSet<string> _projected;
    private readonly CdcStatistics? _statistics;
    private bool _prepared;

    /// <param name="targets">The sides to write (kitchen, delivery).</param>
    /// <param name="statistics">Where to count the records of captured tables that no target projects.</param>
    public ChangeApplier(IEnumerable<TargetOptions> targets, CdcStatistics? statistics = null)
    {
        _projections = targets.Select(Projection).ToList();
        if (_projections.Count == 0)
        {
            throw new ArgumentException("The applier needs at least one target (kitchen or delivery).", nameof(targets));
        }
        _projected = _projections.SelectMany(p => p.MirroredTables).ToHashSet(StringComparer.Ordinal);
        _statistics = statistics;
    }

    internal IReadOnlyList<SideProjection> Projections => _projections;

    internal static SideProjection Projection(TargetOptions target) => target.Side switch
    {
        SyncOrigin.Kitchen => new KitchenProjection(new TargetStore(target)),
        SyncOrigin.Delivery => new DeliveryProjection(new TargetStore(target)),
        _ => throw new ArgumentException($"Unknown side '{target.Side}': the targets are '{SyncOrigin.Kitchen}' and '{SyncOrigin.Delivery}'."),
    };

    /// <summary>Creates the applier's tables and checks the services' tables have what the ACL writes.</summary>
    public async Task PrepareAsync(CancellationToken ct)
    {
        if (_prepared)
        {
            return;
        }
        foreach (var projection in _projections)
        {
            await projection.Store.EnsureCreatedAsync(ct);
            await using var connection = projection.Store.Connect();
            await connection.OpenAsync(ct);
            await projection.PrepareAsync(connection, ct);
        }
        _prepared = true;
    }

    public async Task WriteAsync(IReadOnlyList<SourceRecord> batch, CancellationToken ct)
    {
        await PrepareAsync(ct);
        using var spans = new ApplySpans(batch, _projections.Count);
        // The targets are independent (own transaction, own checkpoint): apply them side by side.
        await Task.WhenAll(_projections.Select(projection => ApplyAsync(projection, batch, ct)));
        if (_statistics is not null)
        {
            // Captured but needed by no target (menu items): said, not skipped silently.
            foreach (var table in batch.Select(NotProjectedTable).OfType<string>().GroupBy(t => t))
            {
                _statistics.RecordNotProjected(table.Key, table.Count());
            }
        }
    }

    /// <summary>The table of a readable record of a captured table that no target of this applier projects, else null.</summary>
    private string? NotProjectedTable(SourceRecord record) =>
        record.Change is { } change && change.Source.Schema == LegacyCatalog.Schema
        && LegacyCatalog.Find(change.Source.Table) is not null && !_projected.Contains(change.Source.Table)
            ? change.Source.Table
            : null;

    private static async Task ApplyAsync(SideProjection projection, IReadOnlyList<SourceRecord> batch, CancellationToken ct)
    {
        var store = projection.Store;
        await using var connection = store.Connect();
        await connection.OpenAsync(ct);
        await using var transaction = await connection.BeginTransactionAsync(ct);
        var fresh = await BeginAsync(store, connection, transaction, batch, ct);
        await ApplyRecordsAsync(projection, connection, transaction, fresh, ct);
        await store.WriteCheckpointsAsync(connection, transaction, Positions(fresh), ct);
        if (store.Sql.IsPostgres && fresh.Count > 0)
        {
            // Wakes the service's requests waiting for these positions (delivered at the commit).
            await Sql.ExecuteAsync(connection, transaction, "SELECT pg_notify(@c, @s)", ct, ("@c", ChangeStream.NotifyChannel), ("@s", store.Options.Schema));
        }
        await transaction.CommitAsync(ct);
    }

    /// <summary>Takes the target's apply lock and returns the records above their stream's checkpoint.</summary>
    internal static async Task<List<SourceRecord>> BeginAsync(TargetStore store, System.Data.Common.DbConnection connection,
        System.Data.Common.DbTransaction transaction, IReadOnlyList<SourceRecord> batch, CancellationToken ct)
    {
        // One apply per target at a time (CDC and a backfill may run together): each transaction
        // then reads the mirror and the side's tables as the previous one left them, so a projection
        // is never computed from a view another writer is about to change. SQLite's transactions
        // (BEGIN IMMEDIATE) serialize writers already.
        if (store.Sql.IsPostgres)
        {
            await Sql.ExecuteAsync(connection, transaction, "SELECT pg_advisory_xact_lock(hashtext(@k))", ct, ("@k", "ftgo_cdc.apply." + store.Options.Schema));
        }
        var checkpoints = await store.ReadCheckpointsAsync(connection, transaction, batch.Select(r => r.Stream), ct);
        return batch.Where(r => !checkpoints.TryGetValue(r.Stream, out var done) || r.Position > done).ToList();
    }

    /// <summary>
    /// Each stream's last position, and for a transport's marks (Kafka) the monolith's position they
    /// stand for under <see cref="SourceRecord.MarkStream"/>: a service reads how far the monolith's
    /// stream is applied from the lowest of these (every partition carries every mark).
    /// </summary>
    internal static Dictionary<string, long> Positions(IEnumerable<SourceRecord> records)
    {
        var list = records as IReadOnlyCollection<SourceRecord> ?? records.ToList();
        var positions = list.GroupBy(r => r.Stream).ToDictionary(g => g.Key, g => g.Max(r => r.Position));
        foreach (var marks in list.Where(r => r.MarkedPosition is not null).GroupBy(r => r.Stream))
        {
            positions[SourceRecord.MarkStream(marks.Key)] = marks.Max(r => r.MarkedPosition!.Value);
        }
        return positions;
    }

    /// <summary>
    /// The record-by-record apply, inside the caller's transaction: dead letters, the mirror (an
    /// older image never overwrites a newer one), and the projection of what the records touched.
    /// </summary>
    internal static async Task ApplyRecordsAsync(SideProjection projection, System.Data.Common.DbConnection connection,
        System.Data.Common.DbTransaction transaction, IReadOnlyList<SourceRecord> fresh, CancellationToken ct)
    {
        var store = projection.Store;
        var deadLetters = new List<(string, long, string, string?)>();
        var changes = new List<(SourceRecord Record, TableSchema Table, string Pk)>();
        foreach (var record in fresh)
        {
            if (record.IsMark)
            {
                continue; // only the checkpoint moves
            }
            if (record.Change is not { } change)
            {
                deadLetters.Add((record.Stream, record.Position, record.Error ?? "unreadable event", record.Raw));
                continue;
            }
            var table = change.Source.Schema == LegacyCatalog.Schema ? LegacyCatalog.Find(change.Source.Table) : null;
            if (table is null)
            {
                deadLetters.Add((record.Stream, record.Position,
                    $"unknown table {change.Source.Schema}.{change.Source.Table}: CDC captures {string.Join(", ", LegacyCatalog.Tables.Select(t => t.QualifiedName))}",
                    DebeziumJson.Text(DebeziumJson.SerializeValue(change, change.Source.Name))));
                continue;
            }
            if (!projection.MirroredTables.Contains(table.Table))
            {
                continue;
            }
            try
            {
                changes.Add((record, table, MirrorRow.KeyOf(table, change.Row)));
                projection.Index(table.Table, change.Row);
            }
            catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
            {
                changes.RemoveAt(changes.Count - 1);
                deadLetters.Add((record.Stream, record.Position, $"{table.Table}: {e.Message}",
                    DebeziumJson.Text(DebeziumJson.SerializeValue(change, change.Source.Name))));
            }
        }

        var current = new Dictionary<(string, string), MirrorRow>();
        foreach (var group in changes.GroupBy(c => c.Table.Table))
        {
            foreach (var (key, row) in await store.ReadMirrorByKeyAsync(connection, transaction, group.Key, group.Select(c => c.Pk).Distinct().ToList(), ct))
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
            legacyWrites.AddRange(LegacyWrites.Owned(projection.Side, table, previous?.Row, change).Select(w => (w.Group, w.Table, change.Source.TsMs)));
            var (agg, reference) = projection.Index(table.Table, change.Row);
            var next = new MirrorRow(table.Table, pk, agg, reference, image, origin, change.Position);
            current[(table.Table, pk)] = next;
            written[(table.Table, pk)] = next;
            // A delete is never skipped: on PostgreSQL it carries the origin of the row's last writer, not of
            // the transaction that deleted it (the monolith's cancel deleting actions the glue wrote says
            // "delivery"). Re-projecting from the mirror is idempotent and merges forward only, so an echo changes nothing.
            if (change.Op == ChangeOperation.Delete || !SyncOrigin.ShouldSkip(origin, projection.Side))
            {
                projection.MarkDirty(table.Table, previous, next, dirty);
            }
        }

        await store.WriteMirrorAsync(connection, transaction, written.Values.ToList(), ct);
        projection.Known = current;
        await projection.ProjectAsync(connection, transaction, dirty, ct);
        projection.Known = new Dictionary<(string, string), MirrorRow>();
        await store.WriteDeadLettersAsync(connection, transaction, deadLetters, ct);
        await LegacyWrites.WriteAsync(store, connection, transaction, legacyWrites, ct);
    }
}
