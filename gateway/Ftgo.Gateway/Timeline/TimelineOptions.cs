namespace Ftgo.Gateway.Timeline;

/// <summary>The dashboard's timeline, bound from <c>Ftgo:Gateway:Timeline</c>: one sample per group every <see cref="Interval"/>, kept for <see cref="Span"/>.</summary>
public sealed record TimelineOptions
{
    public const string Section = "Ftgo:Gateway:Timeline";

    /// <summary>The most samples kept per group, whatever the interval: a short interval must not grow without bound.</summary>
    public const int MaxSamples = 10_000;

    /// <summary>How often each group's counters are sampled.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How far back the timeline goes.</summary>
    public TimeSpan Span { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Samples kept per group: the span's worth of intervals (180 by default), at most <see cref="MaxSamples"/>.</summary>
    public int Capacity => (int)Math.Clamp(Math.Ceiling(Span / Interval), 1, MaxSamples);
}
