using Microsoft.Extensions.Configuration;

namespace Ftgo.Cli.Gateway;

/// <summary>Where the gateway's admin API is and the token it wants (<c>Ftgo:Gateway:Url</c>, <c>Ftgo:Gateway:AdminToken</c>).</summary>
public sealed record GatewaySettings
{
    public const string UrlKey = "Ftgo:Gateway:Url";
    public const string TokenKey = "Ftgo:Gateway:AdminToken";
    public const string DefaultUrl = "http://127.0.0.1:5000";

    /// <summary>The gateway's base URL.</summary>
    public required Uri Url { get; init; }

    /// <summary>The admin token; null when none is configured (every admin call is then refused).</summary>
    public string? Token { get; init; }

    /// <summary>How long one admin call may take before the gateway counts as unreachable.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>From configuration, with the command line's <c>--gateway</c>/<c>--token</c> taking precedence.</summary>
    public static GatewaySettings From(IConfiguration configuration, string? url = null, string? token = null)
    {
        var text = url is { Length: > 0 } ? url : configuration[UrlKey] is { Length: > 0 } configured ? configured : DefaultUrl;
        if (!Uri.TryCreate(text, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            throw new ArgumentException($"The gateway URL '{text}' is not an absolute http(s) URL (--gateway or {UrlKey}).");
        }
        return new GatewaySettings
        {
            Url = uri,
            Token = token is { Length: > 0 } ? token : configuration[TokenKey] is { Length: > 0 } t ? t : null,
        };
    }
}
