namespace Ftgo.Stages;

/// <summary>
/// When the gateway rolls a group at <c>live</c> back to <c>dualwrite</c> by itself: the new side's
/// error rate or p99 latency over a sliding window passes a bound, once the window holds enough requests.
/// </summary>
public sealed record RollbackBounds
{
    public bool Enabled { get; init; } = true;

    /// <summary>Highest tolerated share of failed new-side requests (5xx, timeouts, refused connections), 0–1.</summary>
    public double MaxErrorRate { get; init; } = 0.05;

    /// <summary>Highest tolerated p99 latency of the new side, in milliseconds.</summary>
    public double MaxP99Ms { get; init; } = 1000;

    /// <summary>Length of the sliding window, in seconds.</summary>
    public int WindowSeconds { get; init; } = 30;

    /// <summary>No decision is taken on fewer requests than this in the window.</summary>
    public int MinRequests { get; init; } = 20;

    public static RollbackBounds Default { get; } = new();

    internal IEnumerable<string> Validate(string group)
    {
        if (!(MaxErrorRate > 0 && MaxErrorRate <= 1))
        {
            yield return $"{group}: rollback.max_error_rate must be in (0, 1], not {MaxErrorRate}.";
        }
        if (!(MaxP99Ms > 0))
        {
            yield return $"{group}: rollback.max_p99_ms must be positive, not {MaxP99Ms}.";
        }
        if (WindowSeconds is < 1 or > 3600)
        {
            yield return $"{group}: rollback.window_seconds must be 1–3600, not {WindowSeconds}.";
        }
        if (MinRequests < 1)
        {
            yield return $"{group}: rollback.min_requests must be at least 1, not {MinRequests}.";
        }
    }
}
