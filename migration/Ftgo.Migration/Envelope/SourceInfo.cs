namespace Ftgo.Migration.Envelope;

/// <summary>
/// Debezium's <c>source</c> block: who captured the change and where in the log it is.
/// <see cref="Lsn"/> is the change's own log position; <see cref="CommitLsn"/> is its transaction's
/// commit position (Debezium's <c>sequence</c> carries both). For the SQLite trigger source both
/// are the change-table id; for a snapshot row both are the position recorded before the snapshot.
/// </summary>
public sealed record SourceInfo
{
    public const string Version = "2.7.3.Final";

    public string VersionString { get; init; } = Version;
    public required string Connector { get; init; }
    public required string Name { get; init; }
    public required string Db { get; init; }
    public required string Schema { get; init; }
    public required string Table { get; init; }
    public long? TxId { get; init; }
    public long? Lsn { get; init; }
    public long? CommitLsn { get; init; }
    public long TsMs { get; init; }

    /// <summary><c>true</c>, <c>last</c>, <c>false</c> or <c>incremental</c>, as Debezium spells it.</summary>
    public string Snapshot { get; init; } = "false";
}
