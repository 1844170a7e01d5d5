namespace Ftgo.Comparison;

/// <summary>The verdict on one pair of answers.</summary>
/// <param name="Matched">Both answers are the same under the rules.</param>
/// <param name="Paths">The differing JSON paths (<c>$status</c>, <c>$body</c> or <c>$.a.b[0]</c>), in document order.</param>
/// <param name="Error">Why the answers could not be compared (then <paramref name="Matched"/> is false and there are no paths).</param>
public sealed record ComparisonVerdict(bool Matched, IReadOnlyList<string> Paths, string? Error)
{
    /// <summary>The answers are the same.</summary>
    public static ComparisonVerdict Match { get; } = new(true, [], null);

    /// <summary>The answers could not be compared.</summary>
    public static ComparisonVerdict Fail(string error) => new(false, [], error);
}
