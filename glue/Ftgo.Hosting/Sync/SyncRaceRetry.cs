using Microsoft.AspNetCore.Http;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ftgo.Hosting.Sync;

/// <summary>
/// Re-runs a client's write that lost an optimistic-concurrency race, from the start, in a fresh scope.
/// While a group is strangled, message handlers write the same rows as the client's requests — on the
/// monolith the glue (the new side's events, a courier the Delivery service scheduled), on a service its
/// own handlers (Delivery schedules a courier whose availability a client is changing) — and a request
/// that read the row before such a write would fail its version check: an answer the monolith alone never
/// gives. The lost attempt changed nothing (its transaction rolled back, its outbox messages were never
/// sent), so running it again answers what the monolith gives when the two writes come one after the other.
/// A request that still loses after <see cref="Attempts"/> answers 409 <c>concurrent-modification</c>, as before.
/// </summary>
public sealed class SyncRaceRetry(RequestDelegate next, IServiceScopeFactory scopes, ILogger<SyncRaceRetry> log)
{
    public const int Attempts = 4;

    public async Task InvokeAsync(HttpContext http)
    {
        if (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method))
        {
            await next(http);
            return;
        }
        http.Request.EnableBuffering();
        for (var attempt = 1; ; attempt++)
        {
            if (attempt > 1)
            {
                // A fresh scope: a fresh DbContext, outbox and sync positions. It lives until the response is sent,
                // so that what answers the request (its sync positions) is the attempt that succeeded.
                var scope = scopes.CreateAsyncScope();
                http.Response.RegisterForDisposeAsync(scope);
                http.RequestServices = scope.ServiceProvider;
                http.Request.Body.Position = 0;
            }
            try
            {
                await next(http);
                return;
            }
            catch (DbUpdateConcurrencyException) when (attempt < Attempts && !http.Response.HasStarted)
            {
                log.LogInformation("{Method} {Path} lost a race with a concurrent write (attempt {Attempt}); running it again",
                    http.Request.Method, http.Request.Path, attempt);
            }
        }
    }
}
