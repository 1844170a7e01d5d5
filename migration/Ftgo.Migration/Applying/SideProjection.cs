using System.Data.Common;
using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Applying;

/// <summary>The aggregates of one side that a batch touched, by kind (ticket, delivery, courier, restaurant).</summary>
internal sealed class DirtySet
{
    private readonly Dictionary<string, HashSet<long>> _sets = [];

    public void Add(string kind, long id)
    {
        if (!_sets.TryGetValue(kind, out var set))
        {
            _sets[kind] = set = [];
        }
        set.Add(id);
    }

    public IReadOnlyList<long> Get(string kind) => _sets.TryGetValue(kind, out var set) ? set.Order().ToList() : [];

    public bool IsEmpty => _sets.Values.All(s => s.Count == 0);
}

/// <summary>
/// What one side needs from the legacy tables: which tables it mirrors, how a row maps to its
/// aggregate, which aggregates a change touches, and how to project them through the ACL.
/// </summary>
internal abstract class SideProjection(TargetStore store)
{
    public TargetStore Store { get; } = store;
    public string Side => Store.Options.Side;

    public abstract IReadOnlyCollection<string> MirroredTables { get; }

    /// <summary>The aggregate id (and reference id, e.g. an order's restaurant) of a legacy row.</summary>
    public abstract (long Agg, long? Ref) Index(string table, RowImage row);

    /// <summary>Marks what a change of a mirrored row makes stale (old and new aggregate).</summary>
    public abstract void MarkDirty(string table, MirrorRow? previous, MirrorRow current, DirtySet dirty);

    public abstract Task PrepareAsync(DbConnection connection, CancellationToken ct);

    public abstract Task ProjectAsync(DbConnection connection, DbTransaction transaction, DirtySet dirty, CancellationToken ct);

    /// <summary>
    /// What <see cref="ProjectAsync"/> would write for whole aggregates of a snapshot batch that
    /// nothing else has touched, computed from <paramref name="rows"/> alone and outside any
    /// transaction, so that the backfill translates batch N+1 while batch N is written. Each
    /// aggregate's id is its root's id (the snapshot record's position). Null when the side needs
    /// rows of other aggregates from the database (Delivery: a delivery's pickup address is its
    /// restaurant's), which only the batch's transaction may read.
    /// </summary>
    public virtual IReadOnlyList<ProjectedWrite>? ProjectSnapshot(IReadOnlyList<MirrorRow> rows) => null;

    /// <summary>
    /// The mirror rows the current batch touched, as they now are in the database: projections
    /// take them from memory and read only the others (a snapshot batch then reads almost nothing back).
    /// </summary>
    public IReadOnlyDictionary<(string Table, string Pk), MirrorRow> Known { get; set; } = new Dictionary<(string, string), MirrorRow>();

    /// <summary>
    /// Aggregates for which <see cref="Known"/> holds every mirror row of <see cref="CompleteTables"/>
    /// (a snapshot batch nobody else touched): their rows are not read back from the database.
    /// </summary>
    public IReadOnlySet<long> CompleteAggs { get; set; } = new HashSet<long>();

    /// <inheritdoc cref="CompleteAggs"/>
    public IReadOnlySet<string> CompleteTables { get; set; } = new HashSet<string>();

    /// <summary>Stopwatch ticks spent writing the side's tables (the rest of a projection is the ACL), for the backfill's phases.</summary>
    public long WriteTicks { get; private set; }

    protected async Task WriteAsync(AggregateWriter writer, DbConnection c, DbTransaction t, IReadOnlyList<ProjectedAggregate> aggregates, CancellationToken ct)
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        await writer.WriteAsync(c, t, aggregates, ct);
        WriteTicks += System.Diagnostics.Stopwatch.GetTimestamp() - started;
    }

    /// <summary>The groups <c>verify</c> compares: name, writer, and how to project legacy rows for an id range.</summary>
    public abstract IReadOnlyList<VerifiedKind> Kinds { get; }

    protected async Task<Dictionary<long, RowImage>> LiveByAggAsync(DbConnection c, DbTransaction t, string table, IReadOnlyList<long> ids, CancellationToken ct) =>
        (await LiveRowsAsync(c, t, table, ids, ct)).ToDictionary(r => r.Agg, r => r.Row!);

    protected async Task<ILookup<long, RowImage>> ChildrenByAggAsync(DbConnection c, DbTransaction t, string table, IReadOnlyList<long> ids, CancellationToken ct) =>
        (await LiveRowsAsync(c, t, table, ids, ct)).ToLookup(r => r.Agg, r => r.Row!);

    /// <summary>
    /// The aggregates of <paramref name="ids"/> to project: those whose parent row (of <paramref name="table"/>)
    /// is live, and those whose parent legacy <b>deleted</b> (a tombstone in the mirror: the aggregate must go).
    /// An aggregate whose parent was <b>not seen yet</b> — no mirror row at all: a child's change that
    /// arrived ahead of its parent's, as it does across Kafka topics (one per table), or a change streamed
    /// before the backfill copied the parent — is left as it is, neither written nor deleted: it is
    /// projected whole once its parent arrives. Treated as gone, it would delete a row the service
    /// already holds and moved on (a ticket Kitchen created from <c>OrderCreated</c> and accepted).
    /// </summary>
    protected async Task<IReadOnlyList<long>> WithParentAsync(DbConnection c, DbTransaction t, string table, IReadOnlyList<long> ids,
        IReadOnlyDictionary<long, RowImage> live, CancellationToken ct)
    {
        var missing = ids.Where(id => !live.ContainsKey(id)).ToList();
        if (missing.Count == 0)
        {
            return ids;
        }
        // This batch's tombstones are in memory; a complete snapshot aggregate has no other mirror row to look for.
        var deleted = Known.Values.Where(r => r.Table == table && r.IsDeleted).Select(r => r.Agg).ToHashSet();
        var unknown = missing.Where(id => !deleted.Contains(id) && !(CompleteTables.Contains(table) && CompleteAggs.Contains(id))).ToList();
        if (unknown.Count > 0)
        {
            deleted.UnionWith(await Store.ReadDeletedAggsAsync(c, t, table, unknown, ct));
        }
        return ids.Where(id => live.ContainsKey(id) || deleted.Contains(id)).ToList();
    }

    private async Task<List<MirrorRow>> LiveRowsAsync(DbConnection c, DbTransaction t, string table, IReadOnlyList<long> ids, CancellationToken ct)
    {
        var wanted = ids.ToHashSet();
        var known = Known.Where(k => k.Key.Table == table).ToList();
        var fromMemory = known.Select(k => k.Value).Where(r => wanted.Contains(r.Agg) && !r.IsDeleted);
        var skip = known.Select(k => k.Key.Pk).ToHashSet();
        var unknown = CompleteTables.Contains(table) ? ids.Where(id => !CompleteAggs.Contains(id)).ToList() : ids;
        var fromDatabase = unknown.Count == 0 ? [] : await Store.ReadMirrorByAggAsync(c, t, table, unknown, ct, exceptKeys: skip);
        return fromDatabase.Where(r => !skip.Contains(r.Pk)).Concat(fromMemory).ToList();
    }
}

/// <summary>
/// One kind of aggregate verify compares: its writer (the stored side) and the legacy query
/// that gives, for a batch of ids, the rows to project through the ACL.
/// </summary>
internal sealed record VerifiedKind(string Name, string LegacyTable, AggregateWriter Writer,
    Func<LegacySnapshot, DbConnection, IReadOnlyList<long>, CancellationToken, Task<IReadOnlyList<ProjectedAggregate>>> ProjectLegacy);
