using Ftgo.Hosting.Problems;
using Microsoft.AspNetCore.Http;

namespace Ftgo.Hosting.Sync;

/// <summary>
/// 503 <c>sync-pending</c>: the request follows a write that has not reached this side yet, and the wait
/// for it ran out. Answered with <c>Retry-After</c> and <see cref="SyncToken.PendingHeader"/> (the gateway
/// does not count it as the new side failing); never an answer computed without the write.
/// </summary>
public sealed class SyncPendingException(string missing, int retryAfterSeconds)
    : FtgoProblemException(StatusCodes.Status503ServiceUnavailable, "sync-pending",
        $"This request follows a write that has not reached this service yet ({missing}); it was not answered without it. " +
        $"Try again in {retryAfterSeconds} s.")
{
    public int RetryAfterSeconds { get; } = retryAfterSeconds;
}
