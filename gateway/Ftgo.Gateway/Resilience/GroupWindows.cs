using System.Collections.Concurrent;

namespace Ftgo.Gateway.Resilience;

/// <summary>A sliding window per group, which the auto-rollback watches (<see cref="NewSideWindows"/>, <see cref="ComparisonWindows"/>).</summary>
internal abstract class GroupWindows(TimeProvider clock)
{
    private const int MaxSeconds = 3600;
    private readonly ConcurrentDictionary<string, LatencyWindow> _windows = new(StringComparer.Ordinal);

    /// <summary>Window length per group; set by the auto-rollback from the group's bounds.</summary>
    private readonly ConcurrentDictionary<string, int> _lengths = new(StringComparer.Ordinal);

    public void Record(string group, bool failed, TimeSpan latency) =>
        Window(group).Record(NowSecond(), failed, latency);

    public WindowSummary Summarise(string group) =>
        _windows.TryGetValue(group, out var window) ? window.Summarise(NowSecond()) : default;

    /// <summary>The group's window as raw counts, for the fleet's sum (<see cref="FleetWindows"/>).</summary>
    public WindowCounts Counts(string group) =>
        _windows.TryGetValue(group, out var window) ? window.Counts(NowSecond()) : WindowCounts.Empty;

    /// <summary>Forgets a group's window (after a rollback, or when the group leaves <c>live</c>), and sets its length.</summary>
    public void Reset(string group, int seconds)
    {
        _lengths[group] = Math.Clamp(seconds, 1, MaxSeconds);
        _windows.TryRemove(group, out _);
    }

    /// <summary>Sets a group's window length, starting afresh only when it changes.</summary>
    public void EnsureLength(string group, int seconds)
    {
        var length = Math.Clamp(seconds, 1, MaxSeconds);
        if (!_lengths.TryGetValue(group, out var current) || current != length)
        {
            Reset(group, length);
        }
    }

    private LatencyWindow Window(string group) =>
        _windows.GetOrAdd(group, g => new LatencyWindow(_lengths.GetValueOrDefault(g, 30)));

    private long NowSecond() => clock.GetTimestamp() / clock.TimestampFrequency;
}

/// <summary>Each group's new-side answers at <c>live</c>, <c>rampdown</c> and <c>complete</c>: failures and latency.</summary>
internal sealed class NewSideWindows(TimeProvider clock) : GroupWindows(clock);

/// <summary>Each group's compared reads at <c>shadow</c> and <c>live</c>: a confirmed difference counts as a failure.</summary>
internal sealed class ComparisonWindows(TimeProvider clock) : GroupWindows(clock);
