using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Json;
using Ftgo.Gateway.Routing;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Auth;

/// <summary>Who a legacy session belongs to, as <c>GET /session</c> on the monolith tells.</summary>
public sealed record LegacySession(string Username, long? ConsumerId, IReadOnlyList<string> Roles);

internal enum SessionStatus
{
    /// <summary>The request carries no session cookie.</summary>
    None,
    Valid,

    /// <summary>The monolith refused the cookie: tampered, expired or logged out.</summary>
    Invalid,

    /// <summary>The monolith could not be asked.</summary>
    Unavailable,
}

internal readonly record struct SessionLookup(SessionStatus Status, LegacySession? Session, string? CookieHeader);

/// <summary>
/// Validates the legacy session cookie with the monolith (book 13.3.3: the gateway, not each
/// service, understands the legacy session) and caches the answer briefly. Concurrent requests with
/// the same uncached cookie share one call.
/// </summary>
internal sealed class SessionResolver(IHttpClientFactory clients, IOptionsMonitor<GatewayOptions> gateway,
    IOptions<AuthBridgeOptions> options, TimeProvider clock, ILogger<SessionResolver> log)
{
    public const string HttpClientName = "ftgo-legacy-session";
    private const int MaxEntries = 50_000;
    private static readonly object LookupKey = new();
    private static readonly SessionLookup NoSession = new(SessionStatus.None, null, null);

    private readonly ConcurrentDictionary<string, Entry> _cache = new(StringComparer.Ordinal);

    /// <summary>The session of this request, looked up once per request.</summary>
    public async ValueTask<SessionLookup> ResolveAsync(HttpContext http, CancellationToken ct)
    {
        if (http.Request.Headers.Cookie.Count == 0)
        {
            return NoSession; // an anonymous client: nothing to look up, nothing to remember (Items is a dictionary per request)
        }
        if (http.Items.TryGetValue(LookupKey, out var known) && known is SessionLookup cached)
        {
            return cached;
        }
        var lookup = await ResolveCookieAsync(SessionCookies(http.Request.Headers.Cookie), ct);
        http.Items[LookupKey] = lookup;
        return lookup;
    }

    /// <summary>The session behind a <c>Cookie</c> header that holds only the session cookie (or null).</summary>
    public async ValueTask<SessionLookup> ResolveCookieAsync(string? cookieHeader, CancellationToken ct)
    {
        if (cookieHeader is null)
        {
            return NoSession;
        }
        var now = clock.GetTimestamp();
        if (_cache.TryGetValue(cookieHeader, out var entry) && entry.ExpiresAt > now)
        {
            return await entry.Lookup;
        }
        if (_cache.Count > MaxEntries)
        {
            foreach (var stale in _cache.Where(e => e.Value.ExpiresAt <= now).Select(e => e.Key).ToList())
            {
                _cache.TryRemove(stale, out _);
            }
        }
        var fresh = new Entry(now + Ticks(options.Value.ValidSessionCache));
        var winner = _cache.AddOrUpdate(cookieHeader, fresh, (_, old) => old.ExpiresAt > now ? old : fresh);
        if (ReferenceEquals(winner, fresh))
        {
            fresh.Start(AskLegacyAsync(cookieHeader));
        }
        var result = await winner.Lookup.WaitAsync(ct);
        switch (result.Status)
        {
            case SessionStatus.Invalid:
                winner.ExpiresAt = Math.Min(winner.ExpiresAt, now + Ticks(options.Value.InvalidSessionCache));
                break;
            case SessionStatus.Unavailable:
                _cache.TryRemove(new KeyValuePair<string, Entry>(cookieHeader, winner));
                break;
        }
        return result;
    }

    /// <summary>
    /// The session cookie (and its chunks) out of a request's <c>Cookie</c> header, as a header value of
    /// its own; other cookies are left out so that they neither reach <c>/session</c> nor split the cache.
    /// </summary>
    public string? SessionCookies(Microsoft.Extensions.Primitives.StringValues cookieHeaders)
    {
        var name = options.Value.SessionCookie;
        List<string>? found = null;
        foreach (var header in cookieHeaders)
        {
            if (header is null)
            {
                continue;
            }
            foreach (var part in header.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            {
                if (part.StartsWith(name, StringComparison.Ordinal) && part.IndexOf('=') is var equals and > 0
                    && IsSessionCookieName(part.AsSpan(0, equals), name))
                {
                    (found ??= []).Add(part);
                }
            }
        }
        return found is null ? null : string.Join("; ", found);
    }

    private static bool IsSessionCookieName(ReadOnlySpan<char> candidate, string name) =>
        candidate.SequenceEqual(name) || (candidate.Length > name.Length + 1 && candidate[name.Length] == 'C'
                                          && int.TryParse(candidate[(name.Length + 1)..], out _));

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * clock.TimestampFrequency);

    private async Task<SessionLookup> AskLegacyAsync(string cookieHeader)
    {
        try
        {
            using var timeout = new CancellationTokenSource(options.Value.SessionTimeout);
            var uri = new Uri(new Uri(gateway.CurrentValue.Legacy), options.Value.SessionPath);
            using var request = new HttpRequestMessage(HttpMethod.Get, uri);
            request.Headers.TryAddWithoutValidation("Cookie", cookieHeader);
            using var response = await clients.CreateClient(HttpClientName).SendAsync(request, timeout.Token);
            if (response.StatusCode is HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden)
            {
                return new SessionLookup(SessionStatus.Invalid, null, cookieHeader);
            }
            if (!response.IsSuccessStatusCode)
            {
                log.LogWarning("The monolith answered {Status} to a session check", (int)response.StatusCode);
                return new SessionLookup(SessionStatus.Unavailable, null, cookieHeader);
            }
            var session = await response.Content.ReadFromJsonAsync<LegacySession>(System.Text.Json.JsonSerializerOptions.Web, timeout.Token);
            return session is { Username.Length: > 0 }
                ? new SessionLookup(SessionStatus.Valid, session with { Roles = session.Roles ?? [] }, cookieHeader)
                : new SessionLookup(SessionStatus.Invalid, null, cookieHeader);
        }
        catch (Exception e)
        {
            log.LogWarning(e, "Could not validate a session with the monolith");
            return new SessionLookup(SessionStatus.Unavailable, null, cookieHeader);
        }
    }

    private sealed class Entry(long expiresAt)
    {
        private readonly TaskCompletionSource<SessionLookup> _lookup = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public long ExpiresAt { get; set; } = expiresAt;

        public Task<SessionLookup> Lookup => _lookup.Task;

        public void Start(Task<SessionLookup> lookup) =>
            lookup.ContinueWith(t => _lookup.TrySetResult(t.IsCompletedSuccessfully
                ? t.Result
                : new SessionLookup(SessionStatus.Unavailable, null, null)), TaskScheduler.Default);
    }
}
