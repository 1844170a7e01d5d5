namespace Ftgo.Gateway.Shadow;

/// <summary>
/// When a JSON path's differences are noise, bound from <c>Ftgo:Gateway:Shadow:Noise</c>. Modeled on Diffy: a path is a real
/// difference only when its raw rate (legacy vs new) exceeds its noise rate (legacy vs legacy) by more than
/// <see cref="RelativeThreshold"/> percent and more than <see cref="AbsoluteThreshold"/> percentage points. Unlike Diffy,
/// a path never seen to differ between two legacy answers is never noise, so a rare real difference is still counted.
/// </summary>
public sealed record NoiseRules
{
    /// <summary>|raw − noise| / (raw + noise) × 100 must exceed this for a real difference (Diffy's default, 20 %).</summary>
    public double RelativeThreshold { get; init; } = 20;

    /// <summary>(raw − noise) × 100, in percentage points, must exceed this for a real difference (Diffy's default, 0.03).</summary>
    public double AbsoluteThreshold { get; init; } = 0.03;

    /// <summary>Noise comparisons a group needs before any of its paths is judged noise: a few samples say little.</summary>
    public int MinSamples { get; init; } = 10;

    /// <summary>Paths counted per group; beyond, a new path is not counted (and so never judged noise).</summary>
    public int MaxPaths { get; init; } = 500;

    public IEnumerable<string> Validate()
    {
        if (RelativeThreshold is < 0 or > 100 || double.IsNaN(RelativeThreshold))
        {
            yield return $"RelativeThreshold must be between 0 and 100 (percent), not {RelativeThreshold}.";
        }
        if (AbsoluteThreshold is < 0 or > 100 || double.IsNaN(AbsoluteThreshold))
        {
            yield return $"AbsoluteThreshold must be between 0 and 100 (percentage points), not {AbsoluteThreshold}.";
        }
        if (MinSamples < 1)
        {
            yield return $"MinSamples must be at least 1, not {MinSamples}.";
        }
        if (MaxPaths < 1)
        {
            yield return $"MaxPaths must be at least 1, not {MaxPaths}.";
        }
    }
}
