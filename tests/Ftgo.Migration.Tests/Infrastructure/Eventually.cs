namespace Ftgo.Migration.Tests.Infrastructure;

/// <summary>Waits on a condition with a deadline (never a fixed sleep): polls, and fails with what it was waiting for.</summary>
public static class Eventually
{
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        var last = default(T);
        Exception? error = null;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await probe();
                error = null;
                if (done(last))
                {
                    return last;
                }
            }
            catch (Exception e) when (e is not Xunit.Sdk.XunitException)
            {
                error = e;
            }
            await Task.Delay(50);
        }
        throw new TimeoutException($"Timed out after {timeout.TotalSeconds:N0} s waiting for {what}; last seen: {last}{(error is null ? "" : $"; last error: {error.Message}")}");
    }

    public static Task Until(Func<Task<bool>> condition, TimeSpan timeout, string what) =>
        Until(condition, ok => ok, timeout, what);

    /// <summary>As <see cref="Until{T}(Func{Task{T}}, Func{T, bool}, TimeSpan, string)"/>, with <paramref name="context"/> (e.g. a child's output) read when it times out.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what, Func<string> context)
    {
        try
        {
            return await Until(probe, done, timeout, what);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"{e.Message}\n{context()}", e);
        }
    }
}
