using System.Text;

namespace Ftgo.Comparison;

/// <summary>
/// Compares two normalised JSON values field by field and names every differing JSON path
/// (<c>$.courierActions[1].time</c>), skipping ignored paths and numbers within tolerance.
/// </summary>
internal static class JsonDiff
{
    public const int MaxPaths = 50;

    public static IReadOnlyList<string> Compare(object? legacy, object? @new, ComparisonRules rules)
    {
        var differences = new List<string>();
        Walk(legacy, @new, [], rules, differences);
        return differences;
    }

    private static void Walk(object? legacy, object? @new, List<string> path, ComparisonRules rules, List<string> differences)
    {
        if (differences.Count >= MaxPaths || (path.Count > 0 && rules.Ignores(path)))
        {
            return;
        }
        switch (legacy, @new)
        {
            case (NormalObject a, NormalObject b):
                foreach (var name in a.Properties.Keys.Concat(b.Properties.Keys).Distinct(StringComparer.OrdinalIgnoreCase))
                {
                    path.Add(name);
                    Walk(a.Properties.GetValueOrDefault(name), b.Properties.GetValueOrDefault(name), path, rules, differences);
                    path.RemoveAt(path.Count - 1);
                }
                break;
            case (List<object?> a, List<object?> b):
                for (var i = 0; i < Math.Max(a.Count, b.Count); i++)
                {
                    path.Add($"[{i}]");
                    if (i < a.Count && i < b.Count)
                    {
                        Walk(a[i], b[i], path, rules, differences);
                    }
                    else if (!rules.Ignores(path))
                    {
                        differences.Add(Render(path));
                    }
                    path.RemoveAt(path.Count - 1);
                }
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
