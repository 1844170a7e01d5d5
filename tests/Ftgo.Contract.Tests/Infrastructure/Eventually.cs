namespace Ftgo.Contract.Tests.Infrastructure;

/// <summary>Waits on a condition with a deadline: the only synchronisation the tests use.</summary>
public static class Eventually
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(15);

    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what)
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
                throw new TimeoutException($"Timed out after {Timeout.TotalSeconds:0} s waiting for {what}; last value: {last}");
            }
            await Task.Delay(50);
        }
    }
}
