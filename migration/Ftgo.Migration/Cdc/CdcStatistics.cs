using System.Diagnostics;

namespace Ftgo.Migration.Cdc;

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

    private readonly System.Collections.Concurrent.ConcurrentDictionary<string, TimeSpan> _lags = new(StringComparer.Ordinal);
    private long _retainedWal = -1;

    /// <summary>Each target's lag behind the source at the heartbeat's last probe (the runbook's lag gate reads the same).</summary>
    public IReadOnlyDictionary<string, TimeSpan> Lags => new Dictionary<string, TimeSpan>(_lags, StringComparer.Ordinal);

    public void RecordLag(string target, TimeSpan lag) => _lags[target] = lag;

    /// <summary>Bytes of WAL the replication slot holds back on the monolith's server (pgoutput only), when read.</summary>
    public long? RetainedWal => Interlocked.Read(ref _retainedWal) is >= 0 and var bytes ? bytes : null;

    public void RecordRetainedWal(long bytes) => Interlocked.Exchange(ref _retainedWal, bytes);

    private long _kafkaLag = -1;

    /// <summary>Messages of the change topics the applier group has not committed (Kafka transport), when read.</summary>
    public long? KafkaLag => Interlocked.Read(ref _kafkaLag) is >= 0 and var messages ? messages : null;

    public void RecordKafkaLag(long messages) => Interlocked.Exchange(ref _kafkaLag, messages);
}
