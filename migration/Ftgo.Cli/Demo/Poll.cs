namespace Ftgo.Cli.Demo;

/// <summary>The demo's one way of waiting: read a probe until its value is what is wanted or a deadline passes.</summary>
internal static class Poll
{
    /// <summary>Reads <paramref name="probe"/> every <paramref name="interval"/> until <paramref name="done"/> holds or <paramref name="timeout"/> passes; returns the last value read.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan interval, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (done(value) || DateTime.UtcNow >= deadline)
            {
                return value;
            }
            await Task.Delay(interval, ct); // the poll interval, not a wait for something to happen
        }
    }
}
