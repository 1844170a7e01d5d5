using Ftgo.Gateway.Auth;
using Ftgo.Stages;

namespace Ftgo.Gateway.Routing;

/// <summary>
/// Where a group's sticky cohort comes from: a route value (<c>route:id</c>: every request about one
/// order lands on the same side), the authenticated consumer (<c>consumer</c>) or a header. The value
/// is the raw string (an id in invariant digits), which is what the monolith hashes too. A data partition
/// (<c>partition:restaurant</c>) names what the group is meant to be split by; it takes effect when the flags say
/// <c>partitions.by</c> (read by the gateway, the monolith and the CLI alike, so that all switch at once), and then
/// <see cref="PartitionResolver"/> keys the group instead of these sources.
/// </summary>
internal sealed class CohortKey
{
    private readonly (Kind Kind, string Name)[] _sources;

    private CohortKey((Kind, string)[] sources, IReadOnlyList<string> text)
    {
        _sources = sources;
        Text = text;
    }

    private enum Kind
    {
        Route,
        Consumer,
        Header,
        Partition,
    }

    public IReadOnlyList<string> Text { get; }

    /// <summary>The partition the configuration names (<c>restaurant</c>), or null.</summary>
    public string? Partition => _sources.FirstOrDefault(s => s.Kind == Kind.Partition).Name;

    public static CohortKey Parse(IReadOnlyList<string> keys)
    {
        var sources = keys.Select(key => key.Trim() switch
        {
            "consumer" => (Kind.Consumer, ""),
            var k when k.StartsWith("route:", StringComparison.Ordinal) && k.Length > 6 => (Kind.Route, k[6..]),
            var k when k.StartsWith("header:", StringComparison.Ordinal) && k.Length > 7 => (Kind.Header, k[7..]),
            var k when k.StartsWith("partition:", StringComparison.Ordinal) && PartitionRules.Known.Contains(k[10..]) => (Kind.Partition, k[10..]),
            _ => throw new FormatException($"Cohort key '{key}' must be 'route:<name>', 'consumer', 'header:<name>' or " +
                                           $"'partition:<name>' with a name among {string.Join(", ", PartitionRules.Known)}."),
        }).ToArray();
        return new CohortKey(sources, keys);
    }

    public async ValueTask<string?> ResolveAsync(HttpContext http, SessionResolver sessions)
    {
        foreach (var (kind, name) in _sources)
        {
            switch (kind)
            {
                case Kind.Route when http.Request.RouteValues.TryGetValue(name, out var value) && value is not null:
                    return Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture);
                case Kind.Header when http.Request.Headers.TryGetValue(name, out var header) && header.Count > 0:
                    return header[0];
                case Kind.Consumer:
                    var session = await sessions.ResolveAsync(http, http.RequestAborted);
                    if (session.Session?.ConsumerId is { } consumerId)
                    {
                        return consumerId.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    }
                    break;
            }
        }
        return null;
    }
}
