using Ftgo.Comparison;

namespace Ftgo.Gateway.Shadow;

/// <summary>
/// A group's shadow settings, bound from <c>Ftgo:Gateway:Groups:{name}:Shadow</c>: the comparison rules
/// (which <c>ftgo replay</c> applies too, through the capture header), the gateway's own confirmation delay and noise sample.
/// </summary>
public sealed record GroupShadowOptions
{
    /// <summary>JSON paths left out of the comparison: <c>$.a.b</c>, <c>$.items[*].time</c>, <c>$..updatedAt</c>.</summary>
    public IReadOnlyList<string>? IgnorePaths { get; init; }

    /// <summary>Two numbers closer than this are equal.</summary>
    public double NumericTolerance { get; init; }

    /// <summary>
    /// How long after a difference both sides are read again (see <see cref="ShadowOptions.ConfirmAfter"/>);
    /// null takes the gateway's <c>Ftgo:Gateway:Shadow:ConfirmAfter</c>, zero turns confirmation off for this group.
    /// </summary>
    public TimeSpan? ConfirmAfter { get; init; }

    /// <summary>
    /// The share of compared reads also read a second time from legacy to learn the noise (see
    /// <see cref="ShadowOptions.NoiseSample"/>); null takes the gateway's <c>Ftgo:Gateway:Shadow:NoiseSample</c>, zero turns it off for this group.
    /// </summary>
    public double? NoiseSample { get; init; }

    /// <summary>The comparison rules alone, as the comparison library takes them.</summary>
    public ComparisonRulesOptions Rules() => new() { IgnorePaths = IgnorePaths, NumericTolerance = NumericTolerance };
}
