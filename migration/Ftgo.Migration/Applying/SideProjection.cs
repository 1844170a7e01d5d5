using System.Data.Common;
using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Applying;

/// <summary>
/// What one side needs from the legacy tables: which tables it mirrors, how a row maps to its
/// aggregate, which aggregates a change touches, how to project them through the ACL, and which
/// kinds of aggregate verify compares. Stateless across batches: a batch's rows come with each
/// call (<see cref="ProjectionBatch"/>). Built by <see cref="ProjectionFactory"/>.
/// </summary>
internal abstract class SideProjection(TargetSchema schema)
{
    protected TargetSchema Schema { get; } = schema;

    public string Side => Schema.Side;

    public abstract IReadOnlyCollection<string> MirroredTables { get; }

    /// <summary>The aggregate id (and reference id, e.g. an order's restaurant) of a legacy row.</summary>
    public abstract (long Agg, long? Ref) Index(string table, RowImage row);

    /// <summary>
    /// Marks what a change of a mirrored row makes stale (old and new aggregate). <paramref name="snapshot"/>: the change
    /// is a snapshot's read, legacy's state restated whole (a restarted backfill repairs the side with it), not a change.
    /// </summary>
    public abstract void MarkDirty(string table, MirrorRow? previous, MirrorRow current, bool snapshot, DirtySet dirty);

    /// <summary>Checks the side's tables have what the ACL writes.</summary>
    public abstract Task PrepareAsync(DbConnection connection, CancellationToken ct);

    /// <summary>Projects the <paramref name="dirty"/> aggregates from the mirror as <paramref name="batch"/> sees it, and writes them.</summary>
    public abstract Task ProjectAsync(ProjectionBatch batch, DirtySet dirty, CancellationToken ct);

    /// <summary>The kinds of aggregate <c>verify</c> compares: name, writer, and how to project legacy rows for an id range.</summary>
    public abstract IReadOnlyList<VerifiedKind> Kinds { get; }
}
