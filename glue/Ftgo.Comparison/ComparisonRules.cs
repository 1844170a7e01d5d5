namespace Ftgo.Comparison;

/// <summary>
/// A group's comparison rules, compiled once: JSON paths to ignore and the numeric tolerance.
/// Path patterns: <c>$.a.b</c>, <c>$.items[*].time</c>, <c>$.items[0]</c>, and <c>$..name</c> for
/// <c>name</c> at any depth. Property names match case-insensitively, as the normaliser compares them.
/// </summary>
public sealed class ComparisonRules
{
    private readonly List<string[]> _ignored;

    private ComparisonRules(List<string[]> ignored, double tolerance, IReadOnlyList<string> text)
    {
        _ignored = ignored;
        NumericTolerance = tolerance;
        IgnorePaths = text;
    }

    /// <summary>Nothing ignored, no tolerance.</summary>
    public static ComparisonRules None { get; } = new([], 0, []);

    /// <summary>Two numbers closer than this are equal.</summary>
    public double NumericTolerance { get; }

    /// <summary>The ignore patterns as configured.</summary>
    public IReadOnlyList<string> IgnorePaths { get; }

    /// <summary>Compiles configured rules; throws <see cref="FormatException"/> for a bad pattern or a negative tolerance.</summary>
    public static ComparisonRules From(ComparisonRulesOptions? options)
    {
        if (options is null)
        {
            return None;
        }
        if (options.NumericTolerance < 0)
        {
            throw new FormatException("NumericTolerance must not be negative.");
        }
        var paths = options.IgnorePaths ?? [];
        return new ComparisonRules(paths.Select(Tokenize).ToList(), options.NumericTolerance, paths);
    }

    /// <summary>Whether the node at <paramref name="path"/> (segments: property names and <c>[i]</c>) is ignored.</summary>
    public bool Ignores(IReadOnlyList<string> path)
    {
        foreach (var pattern in _ignored)
        {
            if (Matches(pattern, 0, path, 0))
            {
                return true;
            }
        }
        return false;
    }

    // "$.a[*].b" -> ["a", "[*]", "b"]; "$..b" -> ["..", "b"].
    internal static string[] Tokenize(string pattern)
    {
        var text = pattern.Trim();
        if (!text.StartsWith('$'))
        {
            throw new FormatException($"Ignore path '{pattern}' must start with '$'.");
        }
        var tokens = new List<string>();
        var i = 1;
        while (i < text.Length)
        {
            if (text[i] == '.' && i + 1 < text.Length && text[i + 1] == '.')
            {
                tokens.Add("..");
                i += 2;
            }
            else if (text[i] == '.')
            {
                i++;
            }
            else if (text[i] == '[')
            {
                var close = text.IndexOf(']', i);
                if (close < 0)
                {
                    throw new FormatException($"Ignore path '{pattern}' has an unclosed '['.");
                }
                tokens.Add(text[i..(close + 1)]);
                i = close + 1;
            }
            else
            {
                var end = text.IndexOfAny(['.', '['], i);
                end = end < 0 ? text.Length : end;
                tokens.Add(text[i..end]);
                i = end;
            }
        }
        return [.. tokens];
    }

    private static bool Matches(string[] pattern, int p, IReadOnlyList<string> path, int s)
    {
        if (p == pattern.Length)
        {
            return s == path.Count;
        }
        if (pattern[p] == "..")
        {
            for (var skip = s; skip <= path.Count; skip++)
            {
                if (Matches(pattern, p + 1, path, skip))
                {
                    return true;
                }
            }
            return false;
        }
        if (s == path.Count)
        {
            return false;
        }
        var token = pattern[p];
        var segment = path[s];
        var ok = token == "[*]"
            ? segment.StartsWith('[')
            : token == "*" || string.Equals(token, segment, StringComparison.OrdinalIgnoreCase);
        return ok && Matches(pattern, p + 1, path, s + 1);
    }
}
