namespace Ftgo.Migration.Envelope;

/// <summary>
/// One row change in Debezium's envelope: <c>before</c>, <c>after</c>, <c>source</c>, <c>op</c>,
/// <c>ts_ms</c>. <see cref="Table"/> gives the column types used to encode the rows; it is
/// rebuilt from the Kafka Connect schema when an event is read back, or inferred when the
/// producer sent none.
/// </summary>
public sealed record ChangeEvent(
    ChangeOperation Op,
    TableSchema Table,
    RowImage? Before,
    RowImage? After,
    SourceInfo Source,
    long TsMs)
{
    /// <summary>The row the change leaves (after), or the row it removed (before) for a delete.</summary>
    public RowImage Row => After ?? Before ?? throw new InvalidOperationException("A change event needs before or after.");

    /// <summary>The primary-key values, in key-column order (Debezium's message key).</summary>
    public RowImage Key()
    {
        var key = new RowImage();
        foreach (var column in Table.KeyColumns)
        {
            key.Set(column, Row.Get(column));
        }
        return key;
    }

    /// <summary>The Kafka topic: <c>&lt;prefix&gt;.&lt;schema&gt;.&lt;table&gt;</c>.</summary>
    public string Topic(string prefix) => $"{prefix}.{Source.Schema}.{Source.Table}";

    /// <summary>
    /// The total order of changes within one capture: the transaction's commit position, then
    /// the change's own position. Replays and duplicates compare at or below what was applied.
    /// </summary>
    public ChangePosition Position => new(Source.CommitLsn ?? Source.Lsn ?? 0, Source.Lsn ?? 0);
}

/// <summary>A change's place in its source log (see <see cref="ChangeEvent.Position"/>).</summary>
public readonly record struct ChangePosition(long Commit, long Change) : IComparable<ChangePosition>
{
    public int CompareTo(ChangePosition other) =>
        Commit != other.Commit ? Commit.CompareTo(other.Commit) : Change.CompareTo(other.Change);

    public static bool operator <(ChangePosition a, ChangePosition b) => a.CompareTo(b) < 0;
    public static bool operator >(ChangePosition a, ChangePosition b) => a.CompareTo(b) > 0;
    public static bool operator <=(ChangePosition a, ChangePosition b) => a.CompareTo(b) <= 0;
    public static bool operator >=(ChangePosition a, ChangePosition b) => a.CompareTo(b) >= 0;
}
