using System.Collections.Concurrent;
using Ftgo.Gateway.Routing;

namespace Ftgo.Gateway.Telemetry;

/// <summary>The counters of one route group (or of the catch-all), per origin, for the admin API.</summary>
internal sealed class GroupStats
{
    private readonly ConcurrentDictionary<string, OriginStats> _origins = new(StringComparer.Ordinal);
    private long _fallbacks;
    private long _resent;
    private long _rollbacks;
    private RollbackRecord? _lastRollback;
    private readonly long[] _partitionLookups = new long[Enum.GetValues<PartitionOutcome>().Length];

    public IReadOnlyDictionary<string, OriginStats> Origins => _origins;

    public long Fallbacks => Interlocked.Read(ref _fallbacks);

    /// <summary>Requests the monolith refused as moved, sent to the new side instead.</summary>
    public long Resent => Interlocked.Read(ref _resent);

    public long Rollbacks => Interlocked.Read(ref _rollbacks);

    public RollbackRecord? LastRollback => Volatile.Read(ref _lastRollback);

    public OriginStats Origin(string origin) => _origins.GetOrAdd(origin, _ => new OriginStats());

    public void FellBack() => Interlocked.Increment(ref _fallbacks);

    /// <summary>How this group's requests found their partition, by outcome.</summary>
    public long PartitionLookups(PartitionOutcome outcome) => Interlocked.Read(ref _partitionLookups[(int)outcome]);

    public void PartitionLookedUp(PartitionOutcome outcome) => Interlocked.Increment(ref _partitionLookups[(int)outcome]);

    public void ResentToNewSide() => Interlocked.Increment(ref _resent);

    public void RolledBack(RollbackRecord record)
    {
        Interlocked.Increment(ref _rollbacks);
        Volatile.Write(ref _lastRollback, record);
    }
}

/// <summary>The last auto-rollback of a group: when, from which stage (and percent at live), to which, and why.</summary>
public sealed record RollbackRecord(DateTimeOffset At, string From, double FromPercent, string To, string Reason);

/// <summary>Counters of the requests one origin answered for a group, and of their shadow comparisons.</summary>
internal sealed class OriginStats
{
    private long _requests;
    private long _serverErrors;
    private long _newSideFailures;
    private long _compared;
    private long _matched;
    private long _mismatched;
    private long _converged;
    private long _noise;
    private long _unconfirmed;
    private long _shadowErrors;
    private long _dropped;
    private long _shadowMicroseconds;

    // Every answer's latency since start, in the auto-rollback window's steps: the dashboard's timeline takes
    // per-interval differences of it (for a p99 per side) off the request path.
    private readonly long[] _latencies = new long[Resilience.LatencyWindow.Steps];

    public long Requests => Interlocked.Read(ref _requests);
    public long ServerErrors => Interlocked.Read(ref _serverErrors);
    public long NewSideFailures => Interlocked.Read(ref _newSideFailures);
    /// <summary>Pairs judged: <see cref="Matched"/> + <see cref="Converged"/> + <see cref="Noise"/> + <see cref="Mismatched"/>.</summary>
    public long Compared => Interlocked.Read(ref _compared);
    /// <summary>Pairs that matched at the first look.</summary>
    public long Matched => Interlocked.Read(ref _matched);
    public long Mismatched => Interlocked.Read(ref _mismatched);
    /// <summary>Pairs that differed at the first look and matched when read again: replication lag.</summary>
    public long Converged => Interlocked.Read(ref _converged);
    /// <summary>Pairs whose every difference was learned noise: compared, not mismatched.</summary>
    public long Noise => Interlocked.Read(ref _noise);
    /// <summary>Mismatches counted without a re-read because the confirmation queue was full.</summary>
    public long Unconfirmed => Interlocked.Read(ref _unconfirmed);
    public long ShadowErrors => Interlocked.Read(ref _shadowErrors);
    public long Dropped => Interlocked.Read(ref _dropped);

    public double MeanShadowLatencyMs
    {
        get
        {
            var total = Compared + ShadowErrors;
            return total == 0 ? 0 : Interlocked.Read(ref _shadowMicroseconds) / 1000.0 / total;
        }
    }

    /// <summary>Copies the latency histogram of every answer so far (cumulative) into <paramref name="into"/>.</summary>
    public void CopyLatencies(long[] into)
    {
        for (var i = 0; i < _latencies.Length && i < into.Length; i++)
        {
            into[i] = Interlocked.Read(ref _latencies[i]);
        }
    }

    public void Answered(int status, TimeSpan elapsed)
    {
        Interlocked.Increment(ref _requests);
        Interlocked.Increment(ref _latencies[Resilience.LatencyWindow.StepOf(elapsed)]);
        if (status >= 500)
        {
            Interlocked.Increment(ref _serverErrors);
        }
    }

    public void NewSideFailed() => Interlocked.Increment(ref _newSideFailures);

    public void Dropped1() => Interlocked.Increment(ref _dropped);

    public void Unconfirmed1() => Interlocked.Increment(ref _unconfirmed);

    public void Shadowed(ShadowOutcome outcome, TimeSpan latency)
    {
        Interlocked.Add(ref _shadowMicroseconds, (long)latency.TotalMicroseconds);
        switch (outcome)
        {
            case ShadowOutcome.Matched:
                Interlocked.Increment(ref _compared);
                Interlocked.Increment(ref _matched);
                break;
            case ShadowOutcome.Mismatched:
                Interlocked.Increment(ref _compared);
                Interlocked.Increment(ref _mismatched);
                break;
            case ShadowOutcome.Converged:
                Interlocked.Increment(ref _compared);
                Interlocked.Increment(ref _converged);
                break;
            case ShadowOutcome.Noise:
                Interlocked.Increment(ref _compared);
                Interlocked.Increment(ref _noise);
                break;
            default:
                Interlocked.Increment(ref _shadowErrors);
                break;
        }
    }
}

/// <summary>How a shadow copy ended.</summary>
public enum ShadowOutcome
{
    /// <summary>The answers matched at the first look.</summary>
    Matched,

    /// <summary>The answers differed (after the re-read, when confirmation is on).</summary>
    Mismatched,

    /// <summary>No verdict: the other side (or a re-read) gave no answer, or the answers could not be compared.</summary>
    Error,

    /// <summary>The answers differed, then matched when both sides were read again: replication lag.</summary>
    Converged,

    /// <summary>The answers differed only in paths learned as noise (they differ between two legacy answers as often).</summary>
    Noise,
}
