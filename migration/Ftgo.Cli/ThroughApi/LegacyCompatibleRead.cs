namespace Ftgo.Cli.ThroughApi;

/// <summary>
/// A read of the legacy contract that a group's service answers too, exactly as the monolith would:
/// one per kind of aggregate, its ids listed from <see cref="LegacyTable"/>, asked at <see cref="Path"/>
/// (<c>{id}</c> replaced) of both sides.
/// </summary>
internal sealed record LegacyCompatibleRead(string Group, string Kind, string LegacyTable, string Service, string Path)
{
    public string PathOf(long id) => Path.Replace("{id}", id.ToString(System.Globalization.CultureInfo.InvariantCulture));
}

/// <summary>The legacy-compatible reads of each group, the table <c>ftgo verify --through-api</c> walks.</summary>
internal static class LegacyCompatibleReads
{
    // Kitchen's legacy routes are writes only (accept, preparing, ready): it has no read of the legacy
    // contract to compare. Delivery answers GET /couriers/{id} (anonymous, as the monolith's).
    private static readonly LegacyCompatibleRead[] All =
    [
        new("delivery", "couriers", "couriers", "delivery", "/couriers/{id}"),
    ];

    /// <summary>The reads of <paramref name="group"/> (<c>kitchen</c>, <c>delivery</c> or <c>all</c>).</summary>
    public static IReadOnlyList<LegacyCompatibleRead> Of(string group) => group switch
    {
        "all" => All,
        "kitchen" or "delivery" => All.Where(r => r.Group == group).ToList(),
        _ => throw new ArgumentException($"Unknown group '{group}': the groups are 'kitchen', 'delivery' and 'all'."),
    };
}
