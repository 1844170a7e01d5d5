namespace Ftgo.Cli.ThroughApi;

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
