namespace Ftgo.Gateway.Timeline;

/// <summary>
/// One interval of a group, ending at <see cref="At"/> and lasting <see cref="Seconds"/>: the answers of each side,
/// the compared reads and the confirmed mismatches among them, the fallbacks, and the stage in force when it was
/// taken. A rate of an interval with nothing to divide is null (a gap in the chart, not a zero). With the control
/// store, a sample is the sum of the <see cref="Replicas"/> replicas' samples of that interval. <see cref="CdcLagSeconds"/> is the CDC
/// lag the group's new service reported at the sample (see <see cref="CdcLagProbe"/>), the largest of the replicas'.
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
    long Fallbacks,
    int Replicas = 1,
    double? CdcLagSeconds = null)
{
    /// <summary>Several replicas' samples of one interval as one: counts and latency histograms added, rates and p99 recomputed.</summary>
    public static TimelineSample Sum(IReadOnlyList<TimelineSample> samples)
    {
        var last = samples.MaxBy(s => s.At)!;
        var compared = samples.Sum(s => s.Compared);
        var mismatched = samples.Sum(s => s.Mismatched);
        return new TimelineSample(last.At, samples.Max(s => s.Seconds), last.Stage, last.Percent,
            SideSample.Sum(samples.Select(s => s.Legacy)), SideSample.Sum(samples.Select(s => s.New)), compared, mismatched,
            compared == 0 ? null : (double)mismatched / compared, samples.Sum(s => s.Fallbacks), samples.Sum(s => s.Replicas),
            samples.Max(s => s.CdcLagSeconds));
    }
}
