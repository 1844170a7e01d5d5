using Ftgo.Gateway.Auth;
using Ftgo.Gateway.Routing;
using Ftgo.Hosting.Sync;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Sync;

/// <summary>
/// Causal consistency across the seam, the gateway's half: every proxied request carries the client's
/// recent writes (its <see cref="ClientPast"/> cookie, what this replica remembers for its session in
/// <see cref="ClientPasts"/>, and a token the client sent itself) in <see cref="SyncToken.Header"/>, so
/// whichever side answers waits until it holds them; every answer's token (what the write produced) is
/// added to the client's cookie and to the replica's memory of its session, and answered merged with what
/// it already had, so a client without cookies can send it back. The cookie is what lets a request reach
/// any replica. A malformed token from the client is a 400.
/// </summary>
/// <remarks>
/// Called by <see cref="StranglerMiddleware"/> rather than being a middleware of its own: one async layer less per
/// proxied request (the gateway benchmark measures each one).
/// </remarks>
internal sealed class ClientSync(IOptions<ClientSyncOptions> options, ClientPasts pasts, SessionResolver sessions, TimeProvider clock)
{
    /// <summary>
    /// Before the request is forwarded: puts the client's past in the request's sync header and arranges for the
    /// answer's token to reach the client. Answers the client itself and returns false when its token is malformed.
    /// </summary>
    public ValueTask<bool> BeginAsync(HttpContext http)
    {
        if (!options.Value.Enabled)
        {
            return ValueTask.FromResult(true);
        }
        if (!SyncToken.TryParse(http.Request.Headers[SyncToken.Header], out var sent, out var error))
        {
            return RefuseAsync(http, error);
        }
        var remember = options.Value.Remember;
        var client = ClientPast.Read(http.Request.Cookies[ClientPast.CookieName], clock.GetUtcNow(), remember);
        RemoveCookie(http.Request.Headers); // the gateway's own: no backend sees it
        var session = sessions.SessionCookies(http.Request.Headers.Cookie);
        var past = client.Token.Merge(session is null ? SyncToken.Empty : pasts.Of(session)).Merge(sent);
        if (past.IsEmpty)
        {
            http.Request.Headers.Remove(SyncToken.Header);
        }
        else
        {
            http.Request.Headers[SyncToken.Header] = past.ToString();
        }
        http.Response.OnStarting(() =>
        {
            var answered = SyncToken.TryParse(http.Response.Headers[SyncToken.Header], out var written, out _) ? written : SyncToken.Empty;
            if (!answered.IsEmpty)
            {
                if (session is not null)
                {
                    pasts.Add(session, answered);
                }
                client.Add(answered, clock.GetUtcNow());
                http.Response.Cookies.Append(ClientPast.CookieName, client.ToString(), new CookieOptions
                {
                    Path = "/",
                    HttpOnly = true,
                    SameSite = SameSiteMode.Lax,
                    Secure = http.Request.IsHttps,
                    MaxAge = remember,
                });
                http.Response.Headers[SyncToken.Header] = past.Merge(answered).ToString();
            }
            return Task.CompletedTask;
        });
        return ValueTask.FromResult(true);
    }

    private static async ValueTask<bool> RefuseAsync(HttpContext http, string error)
    {
        await GatewayProblems.WriteAsync(http, StatusCodes.Status400BadRequest, "invalid-sync-token", error);
        return false;
    }

    /// <summary>Takes the sync cookie out of the request's Cookie header, leaving every other cookie as it was.</summary>
    private static void RemoveCookie(IHeaderDictionary headers)
    {
        var cookies = headers.Cookie;
        if (cookies.Count == 0 || !cookies.ToString().Contains(ClientPast.CookieName + "=", StringComparison.Ordinal))
        {
            return;
        }
        var kept = cookies.SelectMany(c => (c ?? "").Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
            .Where(pair => !pair.StartsWith(ClientPast.CookieName + "=", StringComparison.Ordinal)).ToList();
        if (kept.Count == 0)
        {
            headers.Remove("Cookie");
        }
        else
        {
            headers.Cookie = string.Join("; ", kept);
        }
    }
}
