using Ftgo.Gateway.Auth;

namespace Ftgo.Gateway.Routing;

/// <summary>
/// Where a group's sticky cohort comes from: a route value (<c>route:id</c>: every request about one
/// order lands on the same side), the authenticated consumer (<c>consumer</c>) or a header. The value
/// is the raw string (an id in invariant digits), which is what the monolith hashes too.
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
    }

    public IReadOnlyList<string> Text { get; }

    public static CohortKey Parse(IReadOnlyList<string> keys)
    {
        var sources = keys.Select(key => key.Trim() switch
        {
            "consumer" => (Kind.Consumer, ""),
            var k when k.StartsWith("route:", StringComparison.Ordinal) && k.Length > 6 => (Kind.Route, k[6..]),
            var k when k.StartsWith("header:", StringComparison.Ordinal) && k.Length > 7 => (Kind.Header, k[7..]),
            _ => throw new FormatException($"Cohort key '{key}' must be 'route:<name>', 'consumer' or 'header:<name>'."),
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
