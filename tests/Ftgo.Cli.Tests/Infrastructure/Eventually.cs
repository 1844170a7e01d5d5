namespace Ftgo.Cli.Tests.Infrastructure;

/// <summary>Waits on a condition with a deadline (never a bare sleep), and says what it last saw when it gives up.</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? TimeSpan.FromSeconds(20));
        while (true)
        {
            var last = await probe();
            if (condition(last))
            {
                return last;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Gave up waiting for {what}; last value: {last}");
            }
            await Task.Delay(20);
        }
    }
}
