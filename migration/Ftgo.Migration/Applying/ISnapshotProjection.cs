namespace Ftgo.Migration.Applying;

/// <summary>
/// A side that projects whole aggregates of a snapshot batch from the batch's rows alone (Kitchen), outside
/// any transaction, so that the backfill translates batch N+1 while batch N is written. Delivery cannot:
/// a delivery's pickup address is its restaurant's, which only the batch's transaction may read.
/// </summary>
internal interface ISnapshotProjection
{
    /// <summary>
    /// What <see cref="SideProjection.ProjectAsync"/> would write for whole aggregates nothing else has touched,
    /// computed from <paramref name="rows"/>. Each aggregate's id is its root's id (the snapshot record's position).
    /// </summary>
    IReadOnlyList<ProjectedWrite> ProjectSnapshot(IReadOnlyList<MirrorRow> rows);
}
