using System.Diagnostics;

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

/// <summary>
/// Counters of a running pump, for the CLI and the benchmark: records, dead letters, records of
/// captured tables that no target projects, lag of the last record.
/// </summary>
public sealed class CdcStatistics
{
    private long _records;
    private long _malformed;
    private long _lastSourceTsMs;
    private long _lastAppliedTicks;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, long> _notProjected = new(StringComparer.Ordinal);

    public long Records => Interlocked.Read(ref _records);
    public long Malformed => Interlocked.Read(ref _malformed);

    /// <summary>
    /// Records of captured legacy tables that none of the run's targets projects (restaurant menu
    /// items: no new side keeps a menu), by table. They are read and acknowledged, never dead letters.
    /// </summary>
    public IReadOnlyDictionary<string, long> NotProjected => new Dictionary<string, long>(_notProjected, StringComparer.Ordinal);

    /// <summary>Counts <paramref name="count"/> records of <paramref name="table"/> as captured, not projected.</summary>
    public void RecordNotProjected(string table, long count) => _notProjected.AddOrUpdate(table, count, (_, n) => n + count);

    /// <summary>How far behind the source the last applied record was (source commit → applied), when known.</summary>
    public TimeSpan? LastLag
    {
        get
        {
            var ts = Interlocked.Read(ref _lastSourceTsMs);
            var applied = Interlocked.Read(ref _lastAppliedTicks);
            return ts == 0 ? null : new DateTime(applied, DateTimeKind.Utc) - DateTime.UnixEpoch.AddMilliseconds(ts);
        }
    }

    public void Record(IReadOnlyList<SourceRecord> batch)
    {
        var changes = batch.Where(r => !r.IsMark).ToList();
        if (changes.Count == 0)
        {
            return; // sync marks only: no change to count
        }
        Interlocked.Add(ref _records, changes.Count);
        Interlocked.Add(ref _malformed, changes.Count(r => r.Change is null));
        var last = changes[^1].Change;
        if (last is not null)
        {
            Interlocked.Exchange(ref _lastSourceTsMs, last.Source.TsMs);
            Interlocked.Exchange(ref _lastAppliedTicks, DateTime.UtcNow.Ticks);
        }
    }

    public static long Timestamp() => Stopwatch.GetTimestamp();
}
