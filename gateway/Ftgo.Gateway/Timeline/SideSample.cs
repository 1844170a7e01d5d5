namespace Ftgo.Gateway.Timeline;

/// <summary>
/// What one side answered in an interval: how many, how many with a 5xx, and the p99 of their latency (the bound of
/// the 25 % histogram step that holds it, as the auto-rollback's window reports it).
/// </summary>
public sealed record SideSample(long Requests, long ServerErrors, double? ErrorRate, double? P99Ms)
{
    /// <summary>The interval's latency histogram (the auto-rollback window's steps), to add up several replicas' samples; not in the JSON.</summary>
    internal long[] Latencies { get; private init; } = [];

    public static SideSample Of(long requests, long serverErrors, long[] latencies) => requests == 0
        ? new SideSample(0, 0, null, null) { Latencies = latencies }
        : new SideSample(requests, serverErrors, (double)serverErrors / requests,
            latencies.Sum() is var measured and > 0 ? Resilience.LatencyWindow.P99(measured, latencies) : null) { Latencies = latencies };

    public static SideSample Sum(IEnumerable<SideSample> sides)
    {
        var latencies = new long[Resilience.LatencyWindow.Steps];
        long requests = 0, errors = 0;
        foreach (var side in sides)
        {
            requests += side.Requests;
            errors += side.ServerErrors;
            for (var i = 0; i < latencies.Length && i < side.Latencies.Length; i++)
            {
                latencies[i] += side.Latencies[i];
            }
        }
        return Of(requests, errors, latencies);
    }
}
