using Ftgo.Gateway.Auth;
using Ftgo.Gateway.Routing;
using Ftgo.Hosting.Sync;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Sync;

/// <summary>
/// Causal consistency across the seam, the gateway's half: every proxied request carries the client's
/// recent writes (<see cref="ClientPasts"/>, plus a token the client sent itself) in
/// <see cref="SyncToken.Header"/>, so whichever side answers waits until it holds them; every answer's
/// token (what the write produced) is remembered for the client and answered to it merged with what it
/// already had, so a client without cookies can send it back. A malformed token from the client is a 400.
/// </summary>
internal sealed class ClientSyncMiddleware(RequestDelegate next, ClientPasts pasts, SessionResolver sessions,
    IOptions<ClientSyncOptions> options)
{
    public async Task InvokeAsync(HttpContext http)
    {
        if (!options.Value.Enabled)
        {
            await next(http);
            return;
        }
        if (!SyncToken.TryParse(http.Request.Headers[SyncToken.Header], out var sent, out var error))
        {
            await GatewayProblems.WriteAsync(http, StatusCodes.Status400BadRequest, "invalid-sync-token", error);
            return;
        }
        var client = sessions.SessionCookies(http.Request.Headers.Cookie);
        var past = client is null ? sent : pasts.Of(client).Merge(sent);
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
                if (client is not null)
                {
                    pasts.Add(client, answered);
                }
                http.Response.Headers[SyncToken.Header] = past.Merge(answered).ToString();
            }
            return Task.CompletedTask;
        });
        await next(http);
    }
}
