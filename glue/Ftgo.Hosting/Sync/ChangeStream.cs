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

    /// <summary>The table of a target where each CDC runner beats: when, its lag, whether it stopped (see <see cref="CdcReport"/>).</summary>
    public const string StatusTable = "cdc_status";

    /// <summary>
    /// The checkpoint streams read straight from the monolith (pgoutput slot, SQLite change table), whose
    /// positions are the monolith's own. Kafka offsets and backfill streams are not.
    /// </summary>
    public static bool IsSourceStream(string stream) =>
        stream.StartsWith("pgoutput:", StringComparison.Ordinal) || stream.StartsWith("sqlite:", StringComparison.Ordinal);

    /// <summary>The checkpoint rows of a transport's sync marks (<c>mark:&lt;topic partition&gt;</c>).</summary>
    public const string MarkStreamPrefix = "mark:";

    /// <summary>
    /// How far the monolith's stream is applied into a target, from the applier's checkpoints (stream →
    /// position): the source stream's own checkpoint when CDC reads the monolith directly; through a
    /// transport, the lowest mark over its partitions (every partition carries every mark). Null when the
    /// checkpoints cannot tell: <see cref="Unmarked"/> then says whether CDC runs from a transport without marks.
    /// </summary>
    public static long? Applied(IReadOnlyDictionary<string, long> checkpoints)
    {
        var direct = checkpoints.Where(c => IsSourceStream(c.Key)).Select(c => (long?)c.Value).Max();
        return direct ?? checkpoints.Where(c => c.Key.StartsWith(MarkStreamPrefix, StringComparison.Ordinal)).Select(c => (long?)c.Value).Min();
    }

    /// <summary>Whether CDC applies this target from a transport whose messages carry no marks (a real Debezium connector's topics).</summary>
    public static bool Unmarked(IReadOnlyDictionary<string, long> checkpoints) =>
        Applied(checkpoints) is null && checkpoints.Keys.Any(k => !k.StartsWith("snapshot:", StringComparison.Ordinal));

    /// <summary>
    /// The monolith's position now, read (on PostgreSQL, emitted) after a write: the LSN of a sync mark, or
    /// the SQLite change table's last id. The statement for each engine; its one column is the position.
    /// </summary>
    /// <param name="traced">On PostgreSQL, the mark's content is the parameter <c>@trace</c>: the writing request's W3C
    /// <c>traceparent</c>, which the CDC applier's span for the mark continues (empty: no trace).</param>
    public static string PositionQuery(bool postgres, bool traced = false) => postgres
        ? $"SELECT (pg_logical_emit_message(false, '{PostgresMarkPrefix}', {(traced ? "@trace" : "''")}) - '0/0'::pg_lsn)::bigint"
        : $"SELECT seq FROM sqlite_sequence WHERE name = '{SqliteChangeTable}'";
}
