namespace Ftgo.Migration.Cdc;

/// <summary>
/// Moves batches from a source to a sink and acknowledges each batch only after the sink made
/// it durable: a crash anywhere replays from the last acknowledgement, and the sink's own
/// checkpoint turns the replay into no-ops.
/// </summary>
public sealed class ChangePump(IChangeSource source, IChangeSink sink, CdcStatistics? statistics = null)
{
    public CdcStatistics Statistics { get; } = statistics ?? new CdcStatistics();

    public async Task RunAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var batch in source.ReadAsync(ct).WithCancellation(ct))
            {
                if (batch.Count == 0)
                {
                    continue;
                }
                await sink.WriteAsync(batch, ct);
                // Counted once durable, before the acknowledgement: a stop that cancels the
                // acknowledgement (the batch is replayed and skipped by the checkpoint) still
                // reports what was applied.
                Statistics.Record(batch);
                await source.AcknowledgeAsync(batch, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }
}
