namespace Ftgo.Gateway.Shadow;

/// <summary>
/// A group's learned noise (<c>GET /_strangler/groups/{group}/noise</c>, and in the group's report): how many compared
/// reads (raw: legacy vs new) and noise samples (legacy vs legacy) were counted, and per JSON path how often each
/// differed and whether its differences are suppressed as noise. Counted by this replica since it started.
/// </summary>
/// <param name="Suppressed">Compared reads whose every difference was noise: counted as compared, not as mismatches.</param>
public sealed record NoiseReport(
    string Group,
    double Sample,
    long RawComparisons,
    long NoiseComparisons,
    long Suppressed,
    NoiseRules Rules,
    IReadOnlyList<NoisePathReport> Paths)
{
    /// <summary>The paths suppressed as noise that are not ignored by the group's configuration yet: what <c>ftgo shadow accept-noise</c> would add.</summary>
    public IReadOnlyList<string> Proposed => Paths.Where(p => p is { Suppressed: true, Ignored: false }).Select(p => p.Path).ToList();
}

/// <summary>One JSON path (array indices as <c>[*]</c>) of a group's noise report.</summary>
/// <param name="RawRate">Raw differences / raw comparisons.</param>
/// <param name="NoiseRate">Noise differences / noise comparisons.</param>
/// <param name="Suppressed">Its differences are noise: a comparison differing only in such paths is not a mismatch.</param>
/// <param name="Reason">Why it is, or is not, suppressed, in one sentence.</param>
/// <param name="Ignored">The group's <c>Shadow:IgnorePaths</c> already holds it (accepted): it is no longer compared.</param>
public sealed record NoisePathReport(
    string Path,
    long RawDifferences,
    double RawRate,
    long NoiseDifferences,
    double NoiseRate,
    bool Suppressed,
    string Reason,
    bool Ignored);
