using System.Diagnostics;
using Ftgo.Glue.Acl;
using Ftgo.Migration.Applying;
using Ftgo.Migration.Catalog;
using Ftgo.Migration.Cdc;
using Ftgo.Migration.Envelope;
using Ftgo.Migration.Running;

namespace Ftgo.Migration.Backfill;

/// <summary>How a backfill runs: batch size, an optional throttle, and whether to start over.</summary>
public sealed record BackfillOptions
{
    /// <summary>The default of <see cref="BatchSize"/>, where the set-based path measured best (README, Benchmark).</summary>
    public const int DefaultBatchSize = 10_000;

    /// <summary>Root rows per batch (and per transaction): large enough that per-batch costs (lock, checkpoint, commit) vanish.</summary>
    public int BatchSize { get; init; } = DefaultBatchSize;

    /// <summary>At most this many rows per second (null: as fast as the databases go).</summary>
    public double? MaxRowsPerSecond { get; init; }

    /// <summary>Forget the snapshot's progress and copy everything again.</summary>
    public bool Restart { get; init; }
}

/// <summary>Progress of one table's snapshot: rows copied so far (with their children) out of the rows counted at the start.</summary>
public sealed record BackfillProgress(string Table, long Done, long Total, bool Finished);

/// <summary>What a backfill did: the replication position it recorded before reading, and rows copied per table.</summary>
public sealed record BackfillResult(long SnapshotPosition, IReadOnlyDictionary<string, long> Rows, TimeSpan Elapsed)
{
    /// <summary>Where the time went (see <see cref="BackfillPhases"/>).</summary>
    public BackfillPhases Phases { get; init; } = new();
}

/// <summary>
/// The snapshot of Debezium's snapshot-then-stream, for one group: it first makes sure the CDC
/// source exists (slot and publication, or triggers), records the source's current position,
/// then copies the legacy rows in primary-key batches — each aggregate root with its children
/// (an order with its lines, a courier with its actions) — through the same applier and ACL as
/// CDC. Each batch and its checkpoint (stream <c>snapshot:&lt;table&gt;</c>) commit together, so
/// a killed backfill resumes after its last batch. Snapshot rows rank below every streamed
/// change (position 0): a row CDC already applied is never overwritten by an older snapshot read,
/// and every change since the recorded position is streamed after it, so running beside live CDC
/// ends with no lost or stale row.
/// </summary>
public static class Backfiller
{
    private static readonly (TableSchema Root, TableSchema? Child, string? ChildKey)[] Roots =
    [
        (LegacyCatalog.Restaurants, null, null),
        (LegacyCatalog.Couriers, LegacyCatalog.CourierActions, "courier_id"),
        (LegacyCatalog.Orders, LegacyCatalog.OrderLineItems, "order_id"),
    ];

    public static async Task<BackfillResult> RunAsync(CdcSettings settings, string group, BackfillOptions options,
        IProgress<BackfillProgress>? progress, CancellationToken ct)
    {
        var stopwatch = Stopwatch.StartNew();
        var applier = new ChangeApplier(settings.TargetsOf(group));
        await applier.PrepareAsync(ct);
        await CdcRunner.PrepareSourceAsync(settings, ct);
        var position = await CdcRunner.CurrentPositionAsync(settings, ct);
        var legacy = new LegacySnapshot(settings.Storage, settings.LegacyConnectionString);
        var mirrored = applier.Projections.SelectMany(p => p.MirroredTables).ToHashSet();
        var copied = new Dictionary<string, long>();
        var phases = new BackfillPhases();
        var throttle = Stopwatch.StartNew();
        long throttled = 0;

        await using var connection = legacy.Connect();
        await connection.OpenAsync(ct);
        foreach (var (root, child, childKey) in Roots.Where(r => mirrored.Contains(r.Root.Table)))
        {
            var stream = $"snapshot:{root.Table}";
            if (options.Restart)
            {
                await ForgetAsync(applier, stream, ct);
            }
            await RecordAsync(applier, root.Table, position, finished: null, ct);
            var after = await ResumePointAsync(applier, stream, ct);
            var total = await legacy.CountAsync(connection, root, ct) + (child is null ? 0 : await legacy.CountAsync(connection, child, ct));
            var done = 0L;
            progress?.Report(new BackfillProgress(root.Table, done, total, false));
            // Reading the next batch from legacy, encoding its mirror rows and translating it overlap with writing this one.
            var tables = child is null ? [root.Table] : new[] { root.Table, child.Table };
            Task<SnapshotBatch?> Next(long from) =>
                Task.Run(() => ReadBatchAsync(applier, legacy, connection, root, child, childKey, tables, from, options.BatchSize, stream, settings, phases, ct), ct);
            var next = Next(after);
            try
            {
                while (await next is { } batch)
                {
                    next = Next(batch.Last);
                    await SnapshotWriter.WriteAsync(applier, batch, phases, ct);
                    after = batch.Last;
                    done += batch.Records.Count;
                    throttled += batch.Records.Count;
                    progress?.Report(new BackfillProgress(root.Table, done, Math.Max(total, done), false));
                    if (options.MaxRowsPerSecond is { } max && max > 0)
                    {
                        var due = TimeSpan.FromSeconds(throttled / max) - throttle.Elapsed;
                        if (due > TimeSpan.Zero)
                        {
                            await Task.Delay(due, ct);
                        }
                    }
                }
            }
            finally
            {
                // A failed or cancelled write leaves the read ahead running: it must end before its connection closes.
                await Task.WhenAny(next);
            }
            copied[root.Table] = done;
            await RecordAsync(applier, root.Table, position, finished: after, ct);
            progress?.Report(new BackfillProgress(root.Table, done, Math.Max(total, done), true));
        }
        return new BackfillResult(position, copied, stopwatch.Elapsed) { Phases = phases };
    }

    /// <summary>The batch after <paramref name="after"/>, prepared for each side (null: nothing left).</summary>
    private static async Task<SnapshotBatch?> ReadBatchAsync(ChangeApplier applier, LegacySnapshot legacy, System.Data.Common.DbConnection connection,
        TableSchema root, TableSchema? child, string? childKey, IReadOnlyList<string> tables, long after, int batchSize, string stream,
        CdcSettings settings, BackfillPhases phases, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        var roots = await legacy.ReadAfterAsync(connection, root, after, batchSize, ct);
        if (roots.Count == 0)
        {
            phases.Add(BackfillPhases.Read, started);
            return null;
        }
        var ids = roots.Select(r => r.GetInt64("id")).ToList();
        var rootSource = Source(root, settings);
        var records = roots.Select(r => Snapshot(stream, r.GetInt64("id"), root, r, rootSource)).ToList();
        if (child is not null)
        {
            // A range scan rather than a list of ids (cheaper for the server); a child whose root is not in
            // the batch (its root committed after the roots were read) is left to CDC, as with the list.
            var read = ids.ToHashSet();
            var children = await legacy.ReadRangeAsync(connection, child, childKey!, after, ids[^1], ct);
            var childSource = Source(child, settings);
            records.AddRange(children.Where(c => read.Contains(c.GetInt64(childKey!))).Select(c => Snapshot(stream, c.GetInt64(childKey!), child, c, childSource)));
        }
        phases.Add(BackfillPhases.Read, started);
        return new SnapshotBatch(stream, tables, after, ids[^1], records) { Prepared = SnapshotWriter.Prepare(applier, records, phases) };
    }

    private static SourceRecord Snapshot(string stream, long rootId, TableSchema table, RowImage row, SourceInfo source) =>
        new(stream, rootId, new ChangeEvent(ChangeOperation.Read, table, null, row.Set(LegacyCatalog.OriginColumn, SyncOrigin.Legacy), source, source.TsMs));

    /// <summary>The source of a batch's snapshot records (one per table and batch: they differ only in the row).</summary>
    private static SourceInfo Source(TableSchema table, CdcSettings settings) => new()
    {
        Connector = settings.Source == CdcSettings.PgOutput ? "postgresql" : "sqlite",
        Name = settings.TopicPrefix,
        Db = "legacy",
        Schema = table.Schema,
        Table = table.Table,
        Lsn = 0,
        CommitLsn = 0,
        TsMs = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        Snapshot = "true",
    };

    private static async Task<long> ResumePointAsync(ChangeApplier applier, string stream, CancellationToken ct)
    {
        var after = long.MaxValue;
        foreach (var projection in applier.Projections)
        {
            var checkpoints = await projection.Store.ReadAllCheckpointsAsync(ct);
            after = Math.Min(after, checkpoints.GetValueOrDefault(stream, 0));
        }
        return after == long.MaxValue ? 0 : after;
    }

    /// <summary>
    /// Keeps, per table, the source position recorded before its snapshot began (kept across
    /// resumes) and, once finished, the last key copied. It commits synchronously (the server's
    /// default), so once a table is recorded done every batch before it is durable too.
    /// </summary>
    private static async Task RecordAsync(ChangeApplier applier, string table, long position, long? finished, CancellationToken ct)
    {
        foreach (var projection in applier.Projections)
        {
            await using var connection = projection.Store.Connect();
            await connection.OpenAsync(ct);
            await Sql.ExecuteAsync(connection, null, finished is null
                ? $"INSERT INTO {projection.Store.Backfill} (table_name, last_key, done, snapshot_commit) VALUES (@t, 0, 0, @p) ON CONFLICT (table_name) DO NOTHING"
                : $"UPDATE {projection.Store.Backfill} SET last_key = @k, done = 1 WHERE table_name = @t",
                ct, ("@t", table), ("@p", position), ("@k", finished ?? 0));
        }
    }

    private static async Task ForgetAsync(ChangeApplier applier, string stream, CancellationToken ct)
    {
        foreach (var projection in applier.Projections)
        {
            await using var connection = projection.Store.Connect();
            await connection.OpenAsync(ct);
            await Sql.ExecuteAsync(connection, null, $"DELETE FROM {projection.Store.Checkpoints} WHERE stream = @s", ct, ("@s", stream));
            await Sql.ExecuteAsync(connection, null, $"DELETE FROM {projection.Store.Backfill} WHERE table_name = @t", ct, ("@t", stream["snapshot:".Length..]));
        }
    }
}
