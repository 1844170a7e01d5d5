using Ftgo.Migration.Cdc;

namespace Ftgo.Migration.Backfill;

/// <summary>
/// One primary-key batch of a snapshot: the aggregate roots with ids in (<see cref="After"/>,
/// <see cref="Last"/>] and their children, as snapshot records of <see cref="Stream"/>
/// (position = root id). The id range lets the applier see in one index range scan whether CDC
/// has already touched any aggregate of the batch.
/// </summary>
internal sealed record SnapshotBatch(string Stream, IReadOnlyList<string> Tables, long After, long Last, IReadOnlyList<SourceRecord> Records)
{
    /// <summary>Per side (<see cref="Applying.BatchApplier.Side"/>), the batch worked out ahead of its transaction; a side without one prepares it in the transaction.</summary>
    public IReadOnlyDictionary<string, PreparedSnapshot> Prepared { get; init; } = new Dictionary<string, PreparedSnapshot>();
}
