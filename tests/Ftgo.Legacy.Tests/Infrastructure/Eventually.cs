namespace Ftgo.Legacy.Tests.Infrastructure;

/// <summary>Waits on a condition with a deadline: the only synchronisation the tests use.</summary>
public static class Eventually
{
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var limit = timeout ?? TimeSpan.FromSeconds(20);
        var deadline = DateTime.UtcNow + limit;
        while (true)
        {
            var last = await probe();
            if (done(last))
            {
                return last;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0} s waiting for {what}; last value: {last}");
            }
            await Task.Delay(25);
        }
    }
}
