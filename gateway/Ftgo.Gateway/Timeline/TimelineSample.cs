namespace Ftgo.Gateway.Timeline;

/// <summary>
/// One interval of a group, ending at <see cref="At"/> and lasting <see cref="Seconds"/>: the answers of each side,
/// the compared reads and the confirmed mismatches among them, the fallbacks, and the stage in force when it was
/// taken. A rate of an interval with nothing to divide is null (a gap in the chart, not a zero).
/// </summary>
public sealed record TimelineSample(
    DateTimeOffset At,
    double Seconds,
    string Stage,
    double Percent,
    SideSample Legacy,
    SideSample New,
    long Compared,
    long Mismatched,
    double? MismatchRate,
    long Fallbacks);

/// <summary>
/// What one side answered in an interval: how many, how many with a 5xx, and the p99 of their latency (the bound of
/// the 25 % histogram step that holds it, as the auto-rollback's window reports it).
/// </summary>
public sealed record SideSample(long Requests, long ServerErrors, double? ErrorRate, double? P99Ms)
{
    public static SideSample Of(long requests, long serverErrors, long[] latencies) => requests == 0
        ? new SideSample(0, 0, null, null)
        : new SideSample(requests, serverErrors, (double)serverErrors / requests,
            latencies.Sum() is var measured and > 0 ? Resilience.LatencyWindow.P99(measured, latencies) : null);
}
