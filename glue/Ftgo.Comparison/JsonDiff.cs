using System.Text;

namespace Ftgo.Comparison;

/// <summary>
/// Compares two normalised JSON values field by field and names every differing JSON path
/// (<c>$.courierActions[1].time</c>), skipping ignored paths and numbers within tolerance.
/// Arrays of one length are compared index by index; arrays of different lengths are first aligned
/// on their equal elements (<see cref="ArrayAlignment"/>), so an inserted or removed element is named
/// once, by its own index (legacy's for a removed one, the new answer's for an added one), and
/// the elements left over between aligned ones are compared in pairs under their legacy index.
/// </summary>
internal static class JsonDiff
{
    public const int MaxPaths = 50;

    // Aligning walks every legacy element against every new one (n·m walks, each possibly deep): past this
    // many pairs a long array would stall the comparison, so it falls back to the index walk.
    public const int MaxAlignedPairs = 10_000;

    public static IReadOnlyList<string> Compare(object? legacy, object? @new, ComparisonRules rules)
    {
        var differences = new List<string>();
        Walk(legacy, @new, [], rules, differences, MaxPaths);
        return differences;
    }

    private static void Walk(object? legacy, object? @new, List<string> path, ComparisonRules rules, List<string> differences, int limit)
    {
        if (differences.Count >= limit || (path.Count > 0 && rules.Ignores(path)))
        {
            return;
        }
        switch (legacy, @new)
        {
            case (NormalObject a, NormalObject b):
                foreach (var name in a.Properties.Keys.Concat(b.Properties.Keys).Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    path.Add(name);
                    Walk(a.Properties.GetValueOrDefault(name), b.Properties.GetValueOrDefault(name), path, rules, differences, limit);
                    path.RemoveAt(path.Count - 1);
                }
                break;
            case (List<object?> a, List<object?> b) when a.Count == b.Count || (long)a.Count * b.Count > MaxAlignedPairs:
                for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
                {
                    if (i < a.Count && i < b.Count)
                    {
                        WalkElement(a[i], b[i], i, path, rules, differences, limit);
                    }
                    else
                    {
                        ReportElement(i, path, rules, differences, limit);
                    }
                }
                break;
            case (List<object?> a, List<object?> b):
                WalkAligned(a, b, path, rules, differences, limit);
                break;
            case (decimal a, decimal b):
                if (Math.Abs(a - b) > (decimal)rules.NumericTolerance)
                {
                    differences.Add(Render(path));
                }
                break;
            default:
                if (!Equals(legacy, @new))
                {
                    differences.Add(Render(path));
                }
                break;
        }
    }

    private static void WalkAligned(List<object?> a, List<object?> b, List<string> path, ComparisonRules rules, List<string> differences, int limit)
    {
        var matches = ArrayAlignment.Matches(a.Count, b.Count, (i, j) => Same(a[i], b[j], i, path, rules));
        var (l, n) = (0, 0);
        foreach (var (legacyIndex, newIndex) in matches.Append((a.Count, b.Count)))
        {
            // The gap before a match: its elements in pairs, then the surplus of the longer side.
            for (; l < legacyIndex && n < newIndex; l++, n++)
            {
                WalkElement(a[l], b[n], l, path, rules, differences, limit);
            }
            for (; l < legacyIndex; l++)
            {
                ReportElement(l, path, rules, differences, limit);
            }
            for (; n < newIndex; n++)
            {
                ReportElement(n, path, rules, differences, limit);
            }
            (l, n) = (legacyIndex + 1, newIndex + 1);
        }
    }

    // Equal means the walk finds nothing, so ignore rules and tolerance hold inside aligned elements too.
    private static bool Same(object? legacy, object? @new, int index, List<string> path, ComparisonRules rules)
    {
        var found = new List<string>(1);
        WalkElement(legacy, @new, index, path, rules, found, 1);
        return found.Count == 0;
    }

    private static void WalkElement(object? legacy, object? @new, int index, List<string> path, ComparisonRules rules, List<string> differences, int limit)
    {
        path.Add($"[{index}]");
        Walk(legacy, @new, path, rules, differences, limit);
        path.RemoveAt(path.Count - 1);
    }

    private static void ReportElement(int index, List<string> path, ComparisonRules rules, List<string> differences, int limit)
    {
        path.Add($"[{index}]");
        if (differences.Count < limit && !rules.Ignores(path))
        {
            differences.Add(Render(path));
        }
        path.RemoveAt(path.Count - 1);
    }

    public static string Render(IReadOnlyList<string> path)
    {
        var builder = new StringBuilder("$");
        foreach (var segment in path)
        {
            if (segment.StartsWith('['))
            {
                builder.Append(segment);
            }
            else
            {
                builder.Append('.').Append(segment);
            }
        }
        return builder.ToString();
    }
}
