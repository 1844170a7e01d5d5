using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Cdc;

/// <summary>
/// One record as a source delivers it: the change (or, when it could not be read, the reason), the
/// text it was read from when the source has one (<see cref="RawText"/>), the stream it came from
/// and its position in that stream. The position is
/// what checkpoints store: a commit LSN (pgoutput), a change-table id (SQLite triggers) or an
/// offset (Kafka, one stream per topic partition).
/// </summary>
public sealed record SourceRecord(string Stream, long Position, ChangeEvent? Change, string? Raw = null, string? Error = null)
{
    /// <summary>
    /// A position the stream has passed that carries no change (the monolith's sync mark): applying it
    /// only moves the checkpoint, so that a service waiting for that position sees it reached.
    /// </summary>
    public bool IsMark { get; private init; }

    /// <summary>The UTF-8 bytes the record was read from (a Kafka message's value), kept as they are: decoded only for a dead letter.</summary>
    public ReadOnlyMemory<byte> RawUtf8 { get; init; }

    /// <summary>The text the source read the record from (<see cref="Raw"/>, else <see cref="RawUtf8"/> decoded), null when it read none (pgoutput).</summary>
    public string? RawText => Raw ?? (RawUtf8.IsEmpty ? null : System.Text.Encoding.UTF8.GetString(RawUtf8.Span));

    /// <summary>
    /// For a mark carried by a transport (Kafka), the monolith's position it stands for; the record's own
    /// <see cref="Position"/> is then the transport's offset. Null for a mark read from the source itself.
    /// </summary>
    public long? MarkedPosition { get; private init; }

    /// <summary>The W3C trace context of the request whose write the mark follows (PostgreSQL, sampled requests only).</summary>
    public string? TraceParent { get; private init; }

    public static SourceRecord Mark(string stream, long position, long? marked = null, string? traceParent = null) =>
        new(stream, position, null) { IsMark = true, MarkedPosition = marked, TraceParent = traceParent };

    /// <summary>The checkpoint stream that holds how far a transport stream's marks got (<c>mark:&lt;stream&gt;</c>).</summary>
    public static string MarkStream(string stream) => Ftgo.Hosting.Sync.ChangeStream.MarkStreamPrefix + stream;

    public static SourceRecord Malformed(string stream, long position, string raw, string reason) =>
        new(stream, position, null, raw, reason);
}
