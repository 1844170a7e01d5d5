using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Cdc;

/// <summary>Where changes go: the applier (into the new schemas) or a Kafka producer.</summary>
public interface IChangeSink
{
    /// <summary>Returns once the batch is durable (committed, or acknowledged by all in-sync replicas).</summary>
    Task WriteAsync(IReadOnlyList<SourceRecord> batch, CancellationToken ct);
}
