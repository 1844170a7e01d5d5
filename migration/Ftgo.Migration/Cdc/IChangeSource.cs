using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Cdc;

/// <summary>Where changes come from. Batches are acknowledged only once the sink has made them durable.</summary>
public interface IChangeSource : IAsyncDisposable
{
    /// <summary>Batches of records in stream order, until <paramref name="ct"/> is cancelled.</summary>
    IAsyncEnumerable<IReadOnlyList<SourceRecord>> ReadAsync(CancellationToken ct);

    /// <summary>The batch is durable downstream: the source may forget it (ack the LSN, delete the rows, commit the offsets).</summary>
    Task AcknowledgeAsync(IReadOnlyList<SourceRecord> batch, CancellationToken ct);
}
