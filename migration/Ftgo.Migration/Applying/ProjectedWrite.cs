namespace Ftgo.Migration.Applying;

/// <summary>Aggregates the ACL projected for one writer, ready to be written (a snapshot batch translated ahead of its transaction).</summary>
internal sealed record ProjectedWrite(AggregateWriter Writer, IReadOnlyList<ProjectedAggregate> Aggregates);
