using Ftgo.Migration.Cdc;
using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Applying;

/// <summary>A record the applier could not apply: where it was in its stream, why, and the text that failed.</summary>
internal sealed record DeadLetter(string Stream, long Position, string Reason, string? Payload)
{
    /// <summary>
    /// The dead letter of <paramref name="record"/>, with the text the source read (<see cref="SourceRecord.RawText"/>) as it
    /// was. Only a change that came without text of its own (pgoutput's binary protocol) is written out, as Debezium JSON.
    /// </summary>
    public static DeadLetter Of(SourceRecord record, string reason) => new(record.Stream, record.Position, reason,
        record.RawText ?? (record.Change is { } change ? DebeziumJson.Text(DebeziumJson.SerializeValue(change, change.Source.Name)) : null));
}
