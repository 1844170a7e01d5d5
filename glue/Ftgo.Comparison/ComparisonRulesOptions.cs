namespace Ftgo.Comparison;

/// <summary>
/// How a comparison treats differences that do not matter; configured per route group under
/// <c>Ftgo:Gateway:Groups:{name}:Shadow</c> and written into each capture file's header.
/// </summary>
public sealed record ComparisonRulesOptions
{
    /// <summary>JSON paths left out of the comparison: <c>$.a.b</c>, <c>$.items[*].time</c>, <c>$..updatedAt</c>.</summary>
    public IReadOnlyList<string>? IgnorePaths { get; init; }

    /// <summary>Two numbers closer than this are equal.</summary>
    public double NumericTolerance { get; init; }
}
