using Ftgo.Migration.Applying;

namespace Ftgo.Migration.Backfill;

/// <summary>
/// What a snapshot batch becomes on one side when none of its aggregates is contested, worked out
/// before the batch's transaction — while the previous batch is being written — so that the
/// transaction only sends rows: the mirror rows with their JSON image encoded (null when a row
/// cannot be indexed: the batch then takes the row-by-row apply, which dead-letters it) and, when
/// the side projects a snapshot from its own rows (<see cref="ISnapshotProjection"/>),
/// the ACL's aggregates. The transaction keeps only the part of it that is above the side's
/// checkpoint and not contested.
/// </summary>
internal sealed record PreparedSnapshot(IReadOnlyList<PreparedMirrorRow>? Rows, IReadOnlyList<ProjectedWrite>? Projected);

/// <summary>A mirror row of a snapshot record (<see cref="Position"/> = its root's id), with its image already encoded.</summary>
internal sealed record PreparedMirrorRow(long Position, MirrorRow Row, string? Json);
