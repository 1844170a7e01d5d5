using Ftgo.Hosting.Problems;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace Ftgo.Hosting.Sync;

/// <summary>
/// The two halves of causal consistency in every FTGO web process:
/// <list type="number">
/// <item>before a request that carries <see cref="SyncToken.Header"/>, waits until this process holds the
/// client's past (<see cref="SyncWaiter"/>); when the bound runs out, answers 503 with <c>Retry-After</c>
/// and a problem naming what has not arrived — never an answer computed without it (a 404 for an
/// order not yet copied, a 409 for a step not yet known);</item>
/// <item>after a successful write, answers what the write produced: the messages its commit sent and,
/// on the monolith, the change-stream position that covers its commit.</item>
/// </list>
/// A malformed token is a 400; a wait that runs out is a 503 (<see cref="SyncPendingException"/>).
/// </summary>
public sealed class SyncMiddleware(RequestDelegate next, SyncWaiter waiter, ISyncSource? source = null)
{
    public async Task InvokeAsync(HttpContext http)
    {
        var values = http.Request.Headers[SyncToken.Header];
        if (values.Count > 0)
        {
            if (!SyncToken.TryParse(values, out var token, out var error))
            {
                await ProblemAnswer.WriteAsync(http, StatusCodes.Status400BadRequest, "invalid-sync-token", error);
                return;
            }
            var started = System.Diagnostics.Stopwatch.GetTimestamp();
            var outcome = await waiter.WaitAsync(token, http.RequestAborted);
            if (!outcome.Holds)
            {
                throw waiter.Pending(outcome.Missing);
            }
            if (outcome.Waited)
            {
                // How long this answer waited for the client's earlier writes: for operators and the benchmark.
                http.Response.Headers[SyncToken.WaitedHeader] =
                    System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds.ToString("0.#", System.Globalization.CultureInfo.InvariantCulture);
            }
        }
        // Once per request, however often the pipeline runs it (the monolith re-runs a write that lost a race).
        if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && http.Items.TryAdd(typeof(SyncMiddleware), true))
        {
            http.Response.OnStarting(() => AnswerPositionsAsync(http));
        }
        await next(http);
    }

    private async Task AnswerPositionsAsync(HttpContext http)
    {
        if (http.Response.StatusCode >= 400)
        {
            return; // a refused write changed nothing
        }
        var cdc = source is null ? null : await source.PositionAsync(http.RequestAborted);
        var token = http.RequestServices.GetRequiredService<SyncPositions>().ToToken(cdc ?? 0);
        if (!token.IsEmpty)
        {
            http.Response.Headers[SyncToken.Header] = token.ToString();
        }
    }
}
