namespace Ftgo.Gateway.Resilience;

/// <summary>What a window holds: requests, failures and the p99 latency (to within one histogram step, 25 %).</summary>
public readonly record struct WindowSummary(long Requests, long Failures, double P99Ms)
{
    public double ErrorRate => Requests == 0 ? 0 : (double)Failures / Requests;
}

/// <summary>A window's raw counts: requests, failures and the latency histogram; windows of several replicas add up.</summary>
public sealed record WindowCounts(long Requests, long Failures, long[] Histogram)
{
    public static WindowCounts Empty => new(0, 0, []);

    public WindowCounts Add(WindowCounts other)
    {
        var histogram = new long[Math.Max(Histogram.Length, other.Histogram.Length)];
        for (var i = 0; i < histogram.Length; i++)
        {
            histogram[i] = (i < Histogram.Length ? Histogram[i] : 0) + (i < other.Histogram.Length ? other.Histogram[i] : 0);
        }
        return new WindowCounts(Requests + other.Requests, Failures + other.Failures, histogram);
    }

    public WindowSummary Summary() => Requests == 0 ? new WindowSummary(0, 0, 0) : new WindowSummary(Requests, Failures, LatencyWindow.P99(Requests, Histogram));
}

/// <summary>
/// A sliding window of one-second buckets, each with a request count, a failure count and a latency
/// histogram (steps of 25 % from 0.1 ms), so that the error rate and p99 over the last N seconds cost
/// a pass over N small arrays.
/// </summary>
internal sealed class LatencyWindow
{
    /// <summary>How many steps a latency histogram of this shape has.</summary>
    internal const int Steps = 80;
    private const double FirstBoundMs = 0.1;
    private const double Growth = 1.25;
    private static readonly double[] Bounds = Enumerable.Range(0, Steps).Select(k => FirstBoundMs * Math.Pow(Growth, k)).ToArray();

    private readonly Bucket[] _buckets;
    private readonly Lock _gate = new();

    public LatencyWindow(int seconds)
    {
        Seconds = seconds;
        _buckets = Enumerable.Range(0, seconds).Select(_ => new Bucket()).ToArray();
    }

    public int Seconds { get; }

    public void Record(long nowSecond, bool failed, TimeSpan latency)
    {
        var step = StepOf(latency);
        lock (_gate)
        {
            var bucket = _buckets[nowSecond % Seconds];
            if (bucket.Second != nowSecond)
            {
                bucket.Reset(nowSecond);
            }
            bucket.Requests++;
            bucket.Failures += failed ? 1 : 0;
            bucket.Histogram[step]++;
        }
    }

    public WindowSummary Summarise(long nowSecond) => Counts(nowSecond).Summary();

    /// <summary>The window's counts and latency histogram as they stand, mergeable with another replica's (<see cref="WindowCounts.Add"/>).</summary>
    public WindowCounts Counts(long nowSecond)
    {
        var histogram = new long[Steps];
        long requests = 0, failures = 0;
        lock (_gate)
        {
            foreach (var bucket in _buckets)
            {
                if (bucket.Second > nowSecond - Seconds && bucket.Second <= nowSecond)
                {
                    requests += bucket.Requests;
                    failures += bucket.Failures;
                    for (var i = 0; i < Steps; i++)
                    {
                        histogram[i] += bucket.Histogram[i];
                    }
                }
            }
        }
        return new WindowCounts(requests, failures, histogram);
    }

    /// <summary>The histogram step a latency falls in: the first whose bound is at or above it.</summary>
    internal static int StepOf(TimeSpan latency)
    {
        var step = Array.BinarySearch(Bounds, latency.TotalMilliseconds);
        return step >= 0 ? step : Math.Min(~step, Steps - 1);
    }

    /// <summary>The p99 of a histogram of this shape: the bound of the step that holds the 99th percentile.</summary>
    internal static double P99(long requests, long[] histogram)
    {
        var rank = (long)Math.Ceiling(requests * 0.99);
        long seen = 0;
        for (var i = 0; i < Steps && i < histogram.Length; i++)
        {
            seen += histogram[i];
            if (seen >= rank)
            {
                return Bounds[i];
            }
        }
        return Bounds[^1];
    }

    private sealed class Bucket
    {
        public long Second { get; private set; } = long.MinValue;
        public long Requests { get; set; }
        public long Failures { get; set; }
        public long[] Histogram { get; } = new long[Steps];

        public void Reset(long second)
        {
            Second = second;
            Requests = 0;
            Failures = 0;
            Array.Clear(Histogram);
        }
    }
}
