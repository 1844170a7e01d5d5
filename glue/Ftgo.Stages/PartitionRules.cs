using System.Globalization;

namespace Ftgo.Stages;

/// <summary>
/// A group split by data partition (a tenant) instead of by order or consumer: every process hashes the
/// partition (for <c>restaurant</c>, the order's restaurant id) so that one restaurant's orders, tickets and
/// deliveries never straddle two sides. At <c>live</c>, <see cref="Allow"/> puts the listed partitions on the
/// new side and keeps every other at <c>shadow</c> whatever the percent ("the first tenant"); <see cref="Deny"/>
/// keeps the listed ones on legacy whatever the percent or the allow list. Other stages ignore the lists.
/// </summary>
public sealed record PartitionRules
{
    /// <summary>The partitions a group can be split by.</summary>
    public static readonly IReadOnlyList<string> Known = [Restaurant];

    public const string Restaurant = "restaurant";

    /// <summary>Bound on each list: the lists are read into every process's snapshot.</summary>
    public const int MaxListed = 10_000;

    /// <summary>The partition: <c>restaurant</c>.</summary>
    public string By { get; init; } = "";

    /// <summary>At live, the only partitions on the new side; null: the percent decides.</summary>
    public IReadOnlyList<string>? Allow { get; init; }

    /// <summary>Partitions that stay on legacy at live, whatever the percent or <see cref="Allow"/>.</summary>
    public IReadOnlyList<string>? Deny { get; init; }

    /// <summary>
    /// How a flags summary (a <c>/healthz</c> header) shows them: <c>restaurant</c>, <c>restaurant+[1,7]</c>,
    /// <c>restaurant-[3]</c>; a long list by its count, <c>restaurant+[40 listed]</c>.
    /// </summary>
    public string Summary => By + (Allow is { } allow ? "+" + Brief(allow) : "") + (Deny is { Count: > 0 } deny ? "-" + Brief(deny) : "");

    private static string Brief(IReadOnlyList<string> list) =>
        list.Count <= 10 ? "[" + string.Join(",", list) + "]" : $"[{list.Count} listed]";

    /// <summary>Every rule these lists break, each naming the group; empty when valid.</summary>
    public IEnumerable<string> Validate(string group)
    {
        if (!Known.Contains(By, StringComparer.Ordinal))
        {
            yield return $"{group}: partitions.by must be one of {string.Join(", ", Known)}, not '{By}'"
                         + (Allow is not null || Deny is not null ? " (an allow or deny list needs the partition the group is split by)." : ".");
            yield break;
        }
        foreach (var (name, list) in new[] { ("allow", Allow), ("deny", Deny) })
        {
            if (list is null)
            {
                continue;
            }
            if (list.Count > MaxListed)
            {
                yield return $"{group}: partitions.{name} lists {list.Count} partitions; at most {MaxListed}.";
            }
            var malformed = list.Where(p => !IsId(p)).Take(3).ToList();
            if (malformed.Count > 0)
            {
                yield return $"{group}: partitions.{name} must list {By} ids (whole numbers above 0, digits only, no leading zero), not "
                             + string.Join(", ", malformed.Select(p => $"'{p}'")) + ".";
            }
            var twice = list.GroupBy(p => p, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).Take(3).ToList();
            if (twice.Count > 0)
            {
                yield return $"{group}: partitions.{name} lists {string.Join(", ", twice)} more than once.";
            }
        }
        var both = (Allow ?? []).Intersect(Deny ?? [], StringComparer.Ordinal).Take(3).ToList();
        if (both.Count > 0)
        {
            yield return $"{group}: {By} {string.Join(", ", both)} is both allowed and denied; a partition is in one list at most.";
        }
    }

    /// <summary>
    /// An id as every process writes it (invariant digits, no sign, no leading zero): the cohort hash and the
    /// lists compare strings, so <c>07</c> would silently never match <c>7</c>.
    /// </summary>
    public static bool IsId(string? text) =>
        text is { Length: > 0 and <= 19 } && text[0] != '0' && text.All(char.IsAsciiDigit)
        && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out _);

    /// <summary>Splits <c>1,7, 12</c> into ids; the caller validates them.</summary>
    public static IReadOnlyList<string> ParseList(string text) =>
        text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
}
