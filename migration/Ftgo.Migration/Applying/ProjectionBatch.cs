using System.Data.Common;
using System.Diagnostics;
using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Applying;

/// <summary>
/// One projection of a batch, inside the batch's transaction: the connection and transaction it
/// writes through, and the mirror as the batch sees it. The mirror rows the batch holds in memory
/// (<paramref name="known"/>: those it wrote, as they now are) are taken from there and only the
/// others read back; for aggregates of <paramref name="completeAggs"/> (a snapshot batch nobody else
/// touched) the batch holds every row of <paramref name="completeTables"/>, so nothing is read back.
/// </summary>
internal sealed class ProjectionBatch(MirrorStore mirror, DbConnection connection, DbTransaction transaction,
    IReadOnlyDictionary<(string Table, string Pk), MirrorRow> known, IReadOnlySet<long>? completeAggs = null, IReadOnlySet<string>? completeTables = null)
{
    private readonly IReadOnlySet<long> _completeAggs = completeAggs ?? new HashSet<long>();
    private readonly IReadOnlySet<string> _completeTables = completeTables ?? new HashSet<string>();

    public DbConnection Connection => connection;
    public DbTransaction Transaction => transaction;

    /// <summary>Stopwatch ticks spent writing the side's tables (the rest of a projection is the ACL), for the backfill's phases.</summary>
    public long WriteTicks { get; private set; }

    public async Task WriteAsync(AggregateWriter writer, IReadOnlyList<ProjectedAggregate> aggregates, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        await writer.WriteAsync(this, aggregates, ct);
        WriteTicks += Stopwatch.GetTimestamp() - started;
    }

    /// <summary>The live row of <paramref name="table"/> of each aggregate of <paramref name="ids"/> that has one (a parent).</summary>
    public async Task<Dictionary<long, RowImage>> LiveByAggAsync(string table, IReadOnlyList<long> ids, CancellationToken ct) =>
        (await LiveRowsAsync(table, ids, ct)).ToDictionary(r => r.Agg, r => r.Row!);

    /// <summary>The live rows of <paramref name="table"/> of the aggregates of <paramref name="ids"/> (children).</summary>
    public async Task<ILookup<long, RowImage>> ChildrenByAggAsync(string table, IReadOnlyList<long> ids, CancellationToken ct) =>
        (await LiveRowsAsync(table, ids, ct)).ToLookup(r => r.Agg, r => r.Row!);

    /// <summary>Live mirror rows of <paramref name="table"/> that refer to one of <paramref name="ids"/> (an order's restaurant).</summary>
    public Task<List<MirrorRow>> ByRefAsync(string table, IReadOnlyList<long> ids, CancellationToken ct) =>
        mirror.ReadByAggAsync(connection, transaction, table, ids, ct, byRef: true);

    /// <summary>
    /// The aggregates of <paramref name="ids"/> to project: those whose parent row (of <paramref name="table"/>)
    /// is live, and those whose parent legacy <b>deleted</b> (a tombstone in the mirror: the aggregate must go).
    /// An aggregate whose parent was <b>not seen yet</b> (no mirror row at all: a child's change ahead of its
    /// parent's, or streamed before the backfill copied the parent) is left as it is until its parent arrives
    /// (README, "How a change travels").
    /// </summary>
    public async Task<IReadOnlyList<long>> WithParentAsync(string table, IReadOnlyList<long> ids, IReadOnlyDictionary<long, RowImage> live, CancellationToken ct)
    {
        var missing = ids.Where(id => !live.ContainsKey(id)).ToList();
        if (missing.Count == 0)
        {
            return ids;
        }
        // This batch's tombstones are in memory; a complete snapshot aggregate has no other mirror row to look for.
        var deleted = known.Values.Where(r => r.Table == table && r.IsDeleted).Select(r => r.Agg).ToHashSet();
        var unknown = missing.Where(id => !deleted.Contains(id) && !(_completeTables.Contains(table) && _completeAggs.Contains(id))).ToList();
        if (unknown.Count > 0)
        {
            deleted.UnionWith(await mirror.ReadDeletedAggsAsync(connection, transaction, table, unknown, ct));
        }
        return ids.Where(id => live.ContainsKey(id) || deleted.Contains(id)).ToList();
    }

    private async Task<List<MirrorRow>> LiveRowsAsync(string table, IReadOnlyList<long> ids, CancellationToken ct)
    {
        var wanted = ids.ToHashSet();
        var inBatch = known.Where(k => k.Key.Table == table).ToList();
        var fromMemory = inBatch.Select(k => k.Value).Where(r => wanted.Contains(r.Agg) && !r.IsDeleted);
        var skip = inBatch.Select(k => k.Key.Pk).ToHashSet();
        var unknown = _completeTables.Contains(table) ? ids.Where(id => !_completeAggs.Contains(id)).ToList() : ids;
        var fromDatabase = unknown.Count == 0 ? [] : await mirror.ReadByAggAsync(connection, transaction, table, unknown, ct, exceptKeys: skip);
        return fromDatabase.Where(r => !skip.Contains(r.Pk)).Concat(fromMemory).ToList();
    }
}
