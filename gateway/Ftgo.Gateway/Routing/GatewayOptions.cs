namespace Ftgo.Gateway.Routing;

/// <summary>The gateway's settings, bound from <c>Ftgo:Gateway</c>.</summary>
public sealed record GatewayOptions
{
    public const string Section = "Ftgo:Gateway";

    /// <summary>Base URL of the monolith; several instances: their URLs, comma-separated.</summary>
    public string Legacy { get; init; } = "http://127.0.0.1:5100";

    /// <summary>Base URL of the Kitchen service; several nodes: their URLs, comma-separated.</summary>
    public string Kitchen { get; init; } = "http://127.0.0.1:5200";

    /// <summary>Base URL of the Delivery service; several nodes: their URLs, comma-separated.</summary>
    public string Delivery { get; init; } = "http://127.0.0.1:5300";

    /// <summary>
    /// One admin token, named <c>admin</c> with the <c>admin</c> role (kept for a single operator);
    /// <see cref="AdminTokens"/> names several. While no token is set the admin API refuses every call.
    /// </summary>
    public string? AdminToken { get; init; }

    /// <summary>Named admin tokens (<c>Ftgo:Gateway:AdminTokens:&lt;name&gt;:Token</c> and <c>:Role</c>): the name is what the history records.</summary>
    public Dictionary<string, AdminTokenOptions> AdminTokens { get; init; } = new(StringComparer.Ordinal);

    /// <summary>The route groups, by name (the name is also the flag's id).</summary>
    public Dictionary<string, RouteGroupOptions> Groups { get; init; } = new(StringComparer.Ordinal);

    /// <summary>How long the new side may stay silent on a request before it counts as failed.</summary>
    public TimeSpan NewSideTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Request headers a client must never set, removed from every request: the service token travels in
    /// <c>Authorization</c>, and backends must not trust identity claimed by a client. A name ending in
    /// <c>*</c> is a prefix.
    /// </summary>
    public IReadOnlyList<string>? StrippedHeaders { get; init; }

    public static readonly IReadOnlyList<string> DefaultStrippedHeaders =
    [
        "Authorization", "Proxy-Authorization", "X-Ftgo-*", "X-User*", "X-Consumer-Id", "X-Roles",
        "X-Forwarded-User", "X-Remote-User", "X-Auth-Request-*", "X-MS-CLIENT-PRINCIPAL*",
    ];

    /// <summary>The setting of a backend by its service name (<c>legacy</c>, <c>kitchen</c>, <c>delivery</c>): one URL or several.</summary>
    public string? BaseUrlOf(string service) => service switch
    {
        Services.Legacy => Legacy,
        Services.Kitchen => Kitchen,
        Services.Delivery => Delivery,
        _ => null,
    };

    /// <summary>The base URLs of a backend's nodes (instances of the monolith, nodes of a service).</summary>
    public IReadOnlyList<string> NodesOf(string service) =>
        (BaseUrlOf(service) ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

/// <summary>The backends the gateway knows; each is a YARP cluster and a value of <c>X-Ftgo-Origin</c>.</summary>
public static class Services
{
    public const string Legacy = "legacy";
    public const string Kitchen = "kitchen";
    public const string Delivery = "delivery";

    public static readonly IReadOnlyList<string> All = [Legacy, Kitchen, Delivery];

    public static readonly IReadOnlyList<string> NewSide = [Kitchen, Delivery];
}

/// <summary>One named admin token: <c>admin</c> may change stages, <c>read</c> may only read status and history.</summary>
public sealed record AdminTokenOptions
{
    public string? Token { get; init; }

    public string Role { get; init; } = AdminRoles.Admin;
}

public static class AdminRoles
{
    public const string Admin = "admin";
    public const string Read = "read";
}
