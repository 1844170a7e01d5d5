namespace Ftgo.Comparison;

/// <summary>
/// Lines up two arrays on a longest common subsequence of elements that are equal under a predicate,
/// so that one inserted or removed element does not shift every later index out of step.
/// </summary>
internal static class ArrayAlignment
{
    /// <summary>The index pairs (legacy, new) of the elements that line up, in order.</summary>
    public static List<(int Legacy, int New)> Matches(int legacyCount, int newCount, Func<int, int, bool> equal)
    {
        // Suffix lengths (lengths[i, j] = LCS of legacy[i..] and new[j..]) let the pairs be read off forwards.
        var lengths = new int[legacyCount + 1, newCount + 1];
        var same = new bool[legacyCount, newCount];
        for (var i = legacyCount - 1; i >= 0; i--)
        {
            for (var j = newCount - 1; j >= 0; j--)
            {
                same[i, j] = equal(i, j);
                lengths[i, j] = same[i, j] ? lengths[i + 1, j + 1] + 1 : Math.Max(lengths[i + 1, j], lengths[i, j + 1]);
            }
        }
        var matches = new List<(int, int)>();
        var (l, n) = (0, 0);
        while (l < legacyCount && n < newCount)
        {
            // Taking an equal pair is always part of some longest alignment, even when equality is not transitive.
            if (same[l, n])
            {
                matches.Add((l++, n++));
            }
            else if (lengths[l + 1, n] >= lengths[l, n + 1])
            {
                l++;
            }
            else
            {
                n++;
            }
        }
        return matches;
    }
}
