namespace Ftgo.Gateway.Shadow;

/// <summary>The shadow comparison's settings, bound from <c>Ftgo:Gateway:Shadow</c>.</summary>
public sealed record ShadowOptions
{
    public const string Section = "Ftgo:Gateway:Shadow";

    /// <summary>The longest <see cref="ConfirmAfter"/> accepted: a typo such as <c>"1"</c> (one day) is refused, not obeyed.</summary>
    public static readonly TimeSpan MaxConfirmAfter = TimeSpan.FromMinutes(1);

    /// <summary>Reads waiting for comparison; beyond it a copy is dropped and counted, never waited for.</summary>
    public int QueueCapacity { get; init; } = 1024;

    /// <summary>How many copies are in flight at once (and, apart from them, how many re-reads).</summary>
    public int Workers { get; init; } = 4;

    /// <summary>Bodies longer than this are not compared (counted as errors).</summary>
    public int MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>How long the other side may take to answer a copy (and each side a re-read).</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many mismatches are kept (the oldest go first).</summary>
    public int MismatchCapacity { get; init; } = 200;

    /// <summary>How much of each body a kept mismatch holds.</summary>
    public int MismatchBodyChars { get; init; } = 16 * 1024;

    /// <summary>
    /// How long after a difference both sides are read again before it is counted: a pair that then
    /// matches was replication lag (<c>converged</c>), one that still differs is a mismatch. The default for
    /// every group (a group's <c>Shadow:ConfirmAfter</c> overrides it); zero or null turns confirmation off.
    /// </summary>
    /// <remarks>
    /// One second: CDC and the integration events bring the other side up to date in 10–200 ms, so a
    /// second is several times the usual lag, and it is the CDC lag the shadow gate itself accepts (≤ 1 s).
    /// Longer would only keep more pairs waiting and report real differences later.
    /// </remarks>
    public TimeSpan? ConfirmAfter { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Differences waiting for their re-read. Beyond it a difference is counted as a mismatch at once
    /// (<c>unconfirmed</c>, counted): under overload the gate sees more mismatches, never fewer.
    /// </summary>
    public int ConfirmCapacity { get; init; } = 1024;

    /// <summary>
    /// The share (0–1) of compared reads also sent a second time to legacy: what differs between two legacy answers
    /// is noise (see <see cref="NoiseRules"/>). The default for every group (a group's <c>Shadow:NoiseSample</c>
    /// overrides it); zero turns noise sampling off. Never for writes: only reads are copied.
    /// </summary>
    public double NoiseSample { get; init; } = 0.1;

    /// <summary>How a path's raw and noise difference rates are weighed (Diffy's relative and absolute thresholds).</summary>
    public NoiseRules Noise { get; init; } = new();

    /// <summary>What is wrong with these settings, if anything (checked at start).</summary>
    public IEnumerable<string> Validate()
    {
        if (ConfirmAfter is { } after && (after < TimeSpan.Zero || after > MaxConfirmAfter))
        {
            yield return $"{Section}:ConfirmAfter must be between 0 (off) and {MaxConfirmAfter:c}, not {after:c} " +
                         "(a time span: 00:00:01 is one second, 1 is one day).";
        }
        if (ConfirmCapacity < 1)
        {
            yield return $"{Section}:ConfirmCapacity must be at least 1, not {ConfirmCapacity}.";
        }
        if (NoiseSample is < 0 or > 1 || double.IsNaN(NoiseSample))
        {
            yield return $"{Section}:NoiseSample must be between 0 (off) and 1, not {NoiseSample}.";
        }
        foreach (var error in Noise.Validate())
        {
            yield return $"{Section}:Noise:{error}";
        }
    }
}
