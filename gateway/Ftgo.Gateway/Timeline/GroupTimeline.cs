using Ftgo.Gateway.Telemetry;

namespace Ftgo.Gateway.Timeline;

/// <summary>
/// One group's samples, oldest first, at most <see cref="TimelineOptions.Capacity"/> and none older than the span.
/// Each sample is the difference between the group's counters now and at the previous sample (at zero before
/// the first: the counters start with the process).
/// </summary>
internal sealed class GroupTimeline(TimelineOptions options)
{
    private readonly Queue<TimelineSample> _samples = new();
    private readonly Lock _gate = new();
    private Reading _last = Reading.Zero;
    private DateTimeOffset? _lastAt;

    public TimelineSample Sample(GroupStats stats, string newOrigin, string stage, double percent, DateTimeOffset now, double? cdcLagSeconds = null)
    {
        var reading = Reading.Of(stats, newOrigin);
        lock (_gate)
        {
            var previous = _last;
            var seconds = _lastAt is { } at ? Math.Max(0, (now - at).TotalSeconds) : options.Interval.TotalSeconds;
            var compared = reading.Compared - previous.Compared;
            var mismatched = reading.Mismatched - previous.Mismatched;
            var sample = new TimelineSample(now, Math.Round(seconds, 3), stage, percent,
                reading.Legacy.Since(previous.Legacy), reading.New.Since(previous.New),
                compared, mismatched, compared == 0 ? null : (double)mismatched / compared, reading.Fallbacks - previous.Fallbacks,
                CdcLagSeconds: cdcLagSeconds);
            _last = reading;
            _lastAt = now;
            _samples.Enqueue(sample);
            while (_samples.Count > options.Capacity || _samples.Peek().At <= now - options.Span)
            {
                _samples.Dequeue();
            }
            return sample;
        }
    }

    /// <summary>The samples kept, oldest first.</summary>
    public IReadOnlyList<TimelineSample> Samples()
    {
        lock (_gate)
        {
            return _samples.ToArray();
        }
    }

    /// <summary>A group's counters since start, as one sample reads them.</summary>
    private sealed record Reading(SideReading Legacy, SideReading New, long Compared, long Mismatched, long Fallbacks)
    {
        public static readonly Reading Zero = new(SideReading.Zero, SideReading.Zero, 0, 0, 0);

        public static Reading Of(GroupStats stats, string newOrigin)
        {
            long compared = 0, mismatched = 0;
            foreach (var origin in stats.Origins.Values)
            {
                compared += origin.Compared;
                mismatched += origin.Mismatched;
            }
            return new Reading(SideReading.Of(stats, Routing.Services.Legacy), SideReading.Of(stats, newOrigin), compared, mismatched, stats.Fallbacks);
        }
    }

    private sealed record SideReading(long Requests, long ServerErrors, long[] Latencies)
    {
        public static readonly SideReading Zero = new(0, 0, new long[Resilience.LatencyWindow.Steps]);

        public static SideReading Of(GroupStats stats, string origin)
        {
            var latencies = new long[Resilience.LatencyWindow.Steps];
            if (!stats.Origins.TryGetValue(origin, out var counts))
            {
                return Zero;
            }
            // Latencies read first: an answer counted meanwhile is in the requests, not yet in the histogram, so a
            // histogram never holds more answers than the requests it is read with.
            counts.CopyLatencies(latencies);
            return new SideReading(counts.Requests, counts.ServerErrors, latencies);
        }

        public SideSample Since(SideReading previous)
        {
            var latencies = new long[Latencies.Length];
            for (var i = 0; i < latencies.Length; i++)
            {
                latencies[i] = Latencies[i] - previous.Latencies[i];
            }
            return SideSample.Of(Requests - previous.Requests, ServerErrors - previous.ServerErrors, latencies);
        }
    }
}
