using System.Collections;
using System.Diagnostics;
using Xunit.Sdk;

namespace Ftgo.Testing;

/// <summary>
/// Waits on a condition with a deadline, the only synchronisation the tests use (never a bare sleep), and
/// says on timeout what it waited for and what it last saw.
/// </summary>
public static class Eventually
{
    /// <summary>How long a wait lasts when the caller does not say.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    // Short beside any wait a test does, long enough not to hammer the database or host being probed.
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Reads <paramref name="probe"/> until <paramref name="condition"/> holds for its value and returns that
    /// value. An exception from the probe or the condition counts as "not yet" (a host still starting, a row
    /// not there yet) and is reported if the wait times out; a failed assertion ends the wait at once.
    /// </summary>
    /// <param name="probe">Reads the current value.</param>
    /// <param name="condition">Whether the value is the awaited one.</param>
    /// <param name="what">What is awaited, for the message: "the Kitchen service to open the ticket of order 5".</param>
    /// <param name="timeout">How long to wait; <see cref="DefaultTimeout"/> when null.</param>
    /// <param name="context">Read only on timeout and added to the message, e.g. the messages in the error queue.</param>
    /// <exception cref="TimeoutException">
    /// The condition did not hold in time: the message names what was awaited, for how long, the last value
    /// (a collection as <c>[a, b]</c>), the last error (also the inner exception) and the context.
    /// </exception>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what,
        TimeSpan? timeout = null, Func<Task<string>>? context = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var clock = Stopwatch.StartNew();
        var seen = false;
        T last = default!;
        Exception? error = null;
        while (true)
        {
            try
            {
                last = await probe();
                seen = true;
                if (condition(last))
                {
                    return last;
                }
            }
            catch (Exception e) when (e is not XunitException)
            {
                error = e;
            }
            if (clock.Elapsed >= limit)
            {
                var value = seen ? Describe(last) : "none (the probe never returned)";
                var why = error is null ? "" : $"; last error: {error.GetType().Name}: {error.Message}";
                var more = context is null ? "" : $"\n{await ReadAsync(context)}";
                throw new TimeoutException($"Timed out after {limit.TotalSeconds:0.###} s waiting for {what}; last value: {value}{why}{more}", error);
            }
            await Task.Delay(PollInterval);
        }
    }

    /// <summary>
    /// As <see cref="UntilAsync{T}(Func{Task{T}}, Func{T, bool}, string, TimeSpan?, Func{Task{string}}?)"/>, with a
    /// context read synchronously (e.g. a child process's output so far); a null <paramref name="timeout"/> is the default.
    /// </summary>
    public static Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> condition, string what, TimeSpan? timeout,
        Func<string> context) =>
        UntilAsync(probe, condition, what, timeout, () => Task.FromResult(context()));

    /// <summary>Waits until <paramref name="condition"/> returns true; see <see cref="UntilAsync{T}(Func{Task{T}}, Func{T, bool}, string, TimeSpan?, Func{Task{string}}?)"/>.</summary>
    public static Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(condition, static ok => ok, what, timeout);

    /// <summary>Waits until <paramref name="condition"/> returns true; see <see cref="UntilAsync{T}(Func{Task{T}}, Func{T, bool}, string, TimeSpan?, Func{Task{string}}?)"/>.</summary>
    public static Task UntilAsync(Func<bool> condition, string what, TimeSpan? timeout = null) =>
        UntilAsync(() => Task.FromResult(condition()), static ok => ok, what, timeout);

    // A failing context must not hide the timeout it was meant to explain.
    private static async Task<string> ReadAsync(Func<Task<string>> context)
    {
        try
        {
            return await context();
        }
        catch (Exception e)
        {
            return $"(the context could not be read: {e.GetType().Name}: {e.Message})";
        }
    }

    // A collection's own ToString is its type's name: show its items. Whatever renders itself (a string,
    // a JSON node, a record, a tuple) is shown as it renders itself.
    private static string Describe(object? value) => value switch
    {
        null => "null",
        IEnumerable items when !RendersItself(value) => "[" + string.Join(", ", items.Cast<object?>().Select(Describe)) + "]",
        _ => value.ToString() ?? "null",
    };

    private static bool RendersItself(object value) =>
        value.GetType().GetMethod(nameof(ToString), Type.EmptyTypes)?.DeclaringType is { } type
        && type != typeof(object) && type != typeof(ValueType);
}
