using Ftgo.Comparison;

namespace Ftgo.Gateway.Shadow;

/// <summary>
/// A compared pair that differed, waiting to be read again on both sides before it is counted.
/// </summary>
/// <param name="Work">The copied read.</param>
/// <param name="First">The verdict on the first pair (its paths are kept with the final verdict).</param>
/// <param name="FirstLatency">The other side's latency on the first copy (what the shadow latency measures).</param>
/// <param name="At">When the client's answer was complete.</param>
internal sealed record Confirmation(ShadowWork Work, ComparisonVerdict First, TimeSpan FirstLatency, DateTimeOffset At);

/// <summary>How a shadow verdict was reached.</summary>
internal enum ConfirmState
{
    /// <summary>Judged on the first pair: it matched, or confirmation is off for the group.</summary>
    FirstLook,

    /// <summary>The first pair differed, the re-read pair matched: replication lag, not a mismatch.</summary>
    Converged,

    /// <summary>The first pair differed and so did the re-read pair: a mismatch.</summary>
    Confirmed,

    /// <summary>The first pair differed and could not wait for a re-read (the confirmation queue was full): counted as a mismatch.</summary>
    Unconfirmed,
}

internal static class ConfirmStates
{
    /// <summary>The word a capture line and a kept mismatch use; null for a first-look verdict.</summary>
    public static string? ToWire(this ConfirmState state) => state switch
    {
        ConfirmState.Converged => "converged",
        ConfirmState.Confirmed => "confirmed",
        ConfirmState.Unconfirmed => "unconfirmed",
        _ => null,
    };
}
