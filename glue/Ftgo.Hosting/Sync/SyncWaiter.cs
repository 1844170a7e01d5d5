using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;

namespace Ftgo.Hosting.Sync;

/// <summary>
/// Waits until this process holds what a client's token names: checks, and when something is missing,
/// sleeps until the database says something was committed (<see cref="ISyncSignal"/>), then checks
/// again — never a polling loop — up to <see cref="SyncOptions.Wait"/>. Every wait is counted
/// (<c>ftgo.sync.waits</c> by outcome, <c>ftgo.sync.wait.duration</c>).
/// </summary>
public sealed class SyncWaiter(IEnumerable<ISyncCheck> checks, ISyncSignal signal, IOptions<SyncOptions> options)
{
    public const string MeterName = "Ftgo.Sync";
    private static readonly Meter Meter = new(MeterName);
    private static readonly Counter<long> Waits = Meter.CreateCounter<long>("ftgo.sync.waits", description: "Requests that carried a sync token, by outcome: held (nothing to wait for), waited (held after a wait), timed_out (answered 503).");
    private static readonly Histogram<double> WaitDuration = Meter.CreateHistogram<double>("ftgo.sync.wait.duration", "ms", "How long requests that had to wait for the sync waited.");
    private readonly ISyncCheck[] _checks = checks.ToArray();

    public async Task<SyncOutcome> WaitAsync(SyncToken token, CancellationToken ct)
    {
        var relevant = _checks.Where(c => c.Concerns(token)).ToArray();
        if (relevant.Length == 0)
        {
            return SyncOutcome.Held;
        }
        var waited = false;
        if (await UntilAsync(async c =>
            {
                var holds = await HoldAsync(relevant, token, c);
                waited |= !holds;
                return holds;
            }, ct))
        {
            return waited ? SyncOutcome.HeldAfterWait : SyncOutcome.Held;
        }
        var missing = new List<string>();
        foreach (var check in relevant)
        {
            if (!await check.HoldsAsync(token, ct))
            {
                missing.Add(check.Describe(token));
            }
        }
        return new SyncOutcome(false, string.Join("; ", missing));
    }

    /// <summary>
    /// Waits until <paramref name="holds"/> is true: checked now, then after each wake-up, up to
    /// <see cref="SyncOptions.Wait"/>. For a side whose own state tells that a write is still on its way.
    /// </summary>
    public async Task<bool> UntilAsync(Func<CancellationToken, Task<bool>> holds, CancellationToken ct)
    {
        var started = Stopwatch.GetTimestamp();
        using var bound = CancellationTokenSource.CreateLinkedTokenSource(ct);
        bound.CancelAfter(options.Value.Wait);
        var waited = false;
        while (true)
        {
            // Taken before the check: a commit between the check and the wait still wakes it.
            var wake = signal.Next();
            if (await holds(ct))
            {
                Count(waited ? "waited" : "held", waited ? started : null);
                return true;
            }
            waited = true;
            try
            {
                await wake.WaitAsync(bound.Token);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                var held = await holds(ct);
                Count(held ? "waited" : "timed_out", started);
                return held;
            }
        }
    }

    /// <summary>The 503 of a wait for <paramref name="missing"/> that ran out.</summary>
    public SyncPendingException Pending(string missing) => new(missing, Math.Max(1, options.Value.RetryAfterSeconds));

    private static async Task<bool> HoldAsync(ISyncCheck[] checks, SyncToken token, CancellationToken ct)
    {
        foreach (var check in checks)
        {
            if (!await check.HoldsAsync(token, ct))
            {
                return false;
            }
        }
        return true;
    }

    private static void Count(string outcome, long? started)
    {
        Waits.Add(1, new KeyValuePair<string, object?>("outcome", outcome));
        if (started is { } s)
        {
            WaitDuration.Record(Stopwatch.GetElapsedTime(s).TotalMilliseconds, new KeyValuePair<string, object?>("outcome", outcome));
        }
    }
}

/// <summary>Whether the process holds the token's past; when not, what is missing.</summary>
public sealed record SyncOutcome(bool Holds, string Missing, bool Waited = false)
{
    public static readonly SyncOutcome Held = new(true, "");

    public static readonly SyncOutcome HeldAfterWait = new(true, "", Waited: true);
}
