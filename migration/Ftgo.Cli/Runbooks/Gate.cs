namespace Ftgo.Cli.Runbooks;

/// <summary>
/// The bounds a step holds until. Counts and times (<see cref="MinCompared"/>, <see cref="MinRequests"/>,
/// <see cref="MinHold"/>) are waited for; rates (<see cref="MaxMismatchRate"/>, <see cref="MaxErrorRate"/>,
/// <see cref="MaxP99Ms"/>) fail the step as soon as they are passed on a large enough sample; CDC lag above
/// <see cref="MaxCdcLag"/> and Kafka consumer lag above <see cref="MaxKafkaLag"/> are waited out, a CDC that is not running fails; <see cref="Timeout"/> fails a step
/// that has not held by then. Null: not part of the gate.
/// </summary>
public sealed record Gate
{
    public static Gate None { get; } = new();

    /// <summary>Shadow comparisons counted since the step began.</summary>
    public long? MinCompared { get; init; }

    /// <summary>Mismatched / compared since the step began, 0–1; judged once <see cref="MinCompared"/> (or one comparison) is reached.</summary>
    public double? MaxMismatchRate { get; init; }

    /// <summary>Requests the new service answered since the step began.</summary>
    public long? MinRequests { get; init; }

    /// <summary>The new side's error rate over the gateway's live window, 0–1.</summary>
    public double? MaxErrorRate { get; init; }

    /// <summary>The new side's p99 latency over the gateway's live window, in milliseconds.</summary>
    public double? MaxP99Ms { get; init; }

    /// <summary>Highest CDC lag; also requires CDC to be running.</summary>
    public TimeSpan? MaxCdcLag { get; init; }

    /// <summary>
    /// Highest Kafka consumer lag of the CDC applier, in records summed over the change topics' partitions
    /// (CDC through Kafka); waited out like the CDC lag. Unknown (no Kafka, or the broker unreachable) waits.
    /// </summary>
    public long? MaxKafkaLag { get; init; }

    /// <summary>
    /// Nothing of the group reached legacy for this long (<c>ftgo decommission-check</c>: its routes, its data, its
    /// seams); waited for, so traffic still draining at the step's start is waited out. At most 1h.
    /// </summary>
    public TimeSpan? DecommissionWindow { get; init; }

    /// <summary>The least time the step holds before it may pass.</summary>
    public TimeSpan? MinHold { get; init; }

    /// <summary>The most time the step may take to hold; then it fails.</summary>
    public TimeSpan? Timeout { get; init; }

    public bool IsEmpty => this == None;

    /// <summary>This gate with every value <paramref name="other"/> sets taking precedence.</summary>
    public Gate With(Gate? other) => other is null ? this : new Gate
    {
        MinCompared = other.MinCompared ?? MinCompared,
        MaxMismatchRate = other.MaxMismatchRate ?? MaxMismatchRate,
        MinRequests = other.MinRequests ?? MinRequests,
        MaxErrorRate = other.MaxErrorRate ?? MaxErrorRate,
        MaxP99Ms = other.MaxP99Ms ?? MaxP99Ms,
        MaxCdcLag = other.MaxCdcLag ?? MaxCdcLag,
        MaxKafkaLag = other.MaxKafkaLag ?? MaxKafkaLag,
        DecommissionWindow = other.DecommissionWindow ?? DecommissionWindow,
        MinHold = other.MinHold ?? MinHold,
        Timeout = other.Timeout ?? Timeout,
    };

    /// <summary>The bounds in words: "≥ 500 compared, mismatch ≤ 0.1 %, hold 5m, timeout 2h".</summary>
    public string Describe()
    {
        var parts = new List<string>();
        if (MinCompared is { } c) parts.Add($"≥ {c} compared");
        if (MaxMismatchRate is { } m) parts.Add($"mismatch ≤ {m * 100:0.###} %");
        if (MinRequests is { } r) parts.Add($"≥ {r} new-side requests");
        if (MaxErrorRate is { } e) parts.Add($"errors ≤ {e * 100:0.###} %");
        if (MaxP99Ms is { } p) parts.Add($"p99 ≤ {p:0.#} ms");
        if (MaxCdcLag is { } l) parts.Add($"CDC lag ≤ {Durations.Format(l)}");
        if (MaxKafkaLag is { } k) parts.Add($"Kafka consumer lag ≤ {k}");
        if (DecommissionWindow is { } d) parts.Add($"nothing reaches legacy for {Durations.Format(d)}");
        if (MinHold is { } h) parts.Add($"hold {Durations.Format(h)}");
        if (Timeout is { } t) parts.Add($"timeout {Durations.Format(t)}");
        return parts.Count == 0 ? "no gate" : string.Join(", ", parts);
    }
}
