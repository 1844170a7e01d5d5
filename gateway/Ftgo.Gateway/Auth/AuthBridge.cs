using System.Collections.Concurrent;
using Ftgo.Hosting.Auth;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Auth;

internal enum BridgeOutcome
{
    /// <summary>Forward: with a service token when the session is valid, without one for an anonymous read.</summary>
    Forward,

    /// <summary>A write to a new service needs a valid session: 401.</summary>
    Unauthenticated,

    /// <summary>The session could not be checked, so a write cannot go through: 503.</summary>
    Unavailable,
}

/// <summary>
/// The auth bridge (book 13.3.3): a request for a new service carries, instead of the legacy cookie's
/// meaning, a short-lived JWT signed by the gateway (ES256, a key only it holds) for that one service,
/// with the username, consumer id and roles. Tokens are reused per session, service and signing key for
/// half their lifetime, so signing is not on every request's path, and a rotated key is used at once.
/// </summary>
internal sealed class AuthBridge(SessionResolver sessions, ServiceTokenIssuer issuer, IOptions<ServiceTokenOptions> tokens,
    TimeProvider clock)
{
    private const int MaxTokens = 50_000;
    private readonly ConcurrentDictionary<(string Cookie, string Service, string KeyId), (string Token, DateTimeOffset RenewAt)> _tokens = new();

    /// <summary>Prepares a request for the new <paramref name="service"/>: sets <c>Authorization</c>, or says why it cannot go.</summary>
    public async ValueTask<BridgeOutcome> PrepareAsync(HttpContext http, string service, bool isWrite)
    {
        var lookup = await sessions.ResolveAsync(http, http.RequestAborted);
        if (lookup is { Status: SessionStatus.Valid, Session: { } session, CookieHeader: { } cookie })
        {
            http.Request.Headers.Authorization = "Bearer " + TokenFor(cookie, service, session);
            return BridgeOutcome.Forward;
        }
        if (!isWrite)
        {
            return BridgeOutcome.Forward;
        }
        return lookup.Status == SessionStatus.Unavailable ? BridgeOutcome.Unavailable : BridgeOutcome.Unauthenticated;
    }

    /// <summary>A token for a session looked up out of band (the shadow copies), or null when there is none.</summary>
    public async ValueTask<string?> TokenForCookieAsync(string service, string? cookieHeader, CancellationToken ct)
    {
        var lookup = await sessions.ResolveCookieAsync(cookieHeader, ct);
        return lookup is { Status: SessionStatus.Valid, Session: { } session, CookieHeader: { } cookie }
            ? TokenFor(cookie, service, session)
            : null;
    }

    private string TokenFor(string cookie, string service, LegacySession session)
    {
        var now = clock.GetUtcNow();
        var key = (cookie, service, issuer.KeyId);
        if (_tokens.TryGetValue(key, out var cached) && cached.RenewAt > now)
        {
            return cached.Token;
        }
        if (_tokens.Count > MaxTokens)
        {
            _tokens.Clear();
        }
        var token = issuer.Issue(service, session.Username, session.ConsumerId, session.Roles);
        _tokens[key] = (token, now + tokens.Value.Lifetime / 2);
        return token;
    }
}
