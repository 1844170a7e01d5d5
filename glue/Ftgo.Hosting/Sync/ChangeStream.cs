namespace Ftgo.Hosting.Sync;

/// <summary>
/// The names the monolith's change stream, the CDC applier and the waiting services share: where a
/// position is read, how the applier marks what it has applied, and how the database says so.
/// </summary>
public static class ChangeStream
{
    /// <summary>The change table the SQLite triggers fill; its ids are the SQLite source's positions.</summary>
    public const string SqliteChangeTable = "ftgo_cdc_changes";

    /// <summary>
    /// The prefix of the non-transactional logical message the monolith emits after a write on PostgreSQL
    /// (<c>pg_logical_emit_message</c>): its LSN is the write's position, and it travels the slot in WAL
    /// order, so the applier reaches it only after every transaction committed before it.
    /// </summary>
    public const string PostgresMarkPrefix = "ftgo.sync";

    /// <summary>The PostgreSQL channel a commit that may complete a wait notifies (the applier's, an inbox's).</summary>
    public const string NotifyChannel = "ftgo_sync";

    /// <summary>The applier's checkpoint table of a target, which holds how far each stream is applied.</summary>
    public const string CheckpointTable = "cdc_checkpoints";

    /// <summary>
    /// The checkpoint streams read straight from the monolith (pgoutput slot, SQLite change table), whose
    /// positions are the monolith's own. Kafka offsets and backfill streams are not.
    /// </summary>
    public static bool IsSourceStream(string stream) =>
        stream.StartsWith("pgoutput:", StringComparison.Ordinal) || stream.StartsWith("sqlite:", StringComparison.Ordinal);
}
