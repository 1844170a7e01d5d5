namespace Ftgo.Approval.Tests.Infrastructure;

/// <summary>Waits on a condition with a deadline: the only synchronisation the tests use.</summary>
public static class Eventually
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Probes until <paramref name="done"/> holds; on timeout, fails naming what was awaited, the last
    /// value and what <paramref name="explain"/> adds (e.g. the messages in the error queue).
    /// </summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what,
        Func<Task<IReadOnlyList<string>>>? explain = null)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (true)
        {
            var last = await probe();
            if (done(last))
            {
                return last;
            }
            if (DateTime.UtcNow > deadline)
            {
                var why = explain is null ? "" : $"; error queue: [{string.Join("; ", await explain())}]";
                throw new TimeoutException($"Timed out after {Timeout.TotalSeconds:0} s waiting for {what}; last value: {last}{why}");
            }
            await Task.Delay(50);
        }
    }
}
