namespace Ftgo.Gateway;

/// <summary>
/// Runs what follows a socket's completion on the socket thread that saw it, instead of handing it to the thread pool:
/// the runtime's <c>DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1</c>, set for the gateway's process unless its
/// environment says otherwise. A proxied request waits on a socket three times (the client's request, the backend's
/// answer, the writes) and its steps are short and never block, so each hand-off saved is a thread not woken: on the
/// benchmark's machine, <c>live</c> 100 % went from 0.89 to 1.00 of the throughput of bare YARP on the runtime's
/// defaults, which the same variable lifts as much (gateway README, "Inline socket completions"). Work that may take
/// long (a large shadow comparison) leaves the socket thread first
/// (<see cref="LeaveSocketThreadAsync"/>). <c>Ftgo:Gateway:InlineSocketCompletions=false</c> leaves the runtime's default.
/// </summary>
/// <remarks>
/// Kestrel's own <c>UnsafePreferInlineScheduling</c>, which its documentation pairs with this variable, was measured
/// with it and not kept: it added nothing to the variable alone (gateway README).
/// </remarks>
internal static class InlineCompletions
{
    public const string Key = "Ftgo:Gateway:InlineSocketCompletions";

    /// <summary>Read by the runtime once, when the process first waits on a socket.</summary>
    public const string RuntimeVariable = "DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS";

    /// <summary>Before the host is built: no socket has been waited on yet in a gateway process.</summary>
    public static void Apply(IConfiguration configuration)
    {
        // An operator's own value (0 keeps completions on the thread pool) stands.
        if (configuration.GetValue(Key, true) && Environment.GetEnvironmentVariable(RuntimeVariable) is null)
        {
            Environment.SetEnvironmentVariable(RuntimeVariable, "1");
        }
    }

    /// <summary>What the startup log says: whether the runtime runs socket completions inline in this process.</summary>
    public static string Describe() =>
        Environment.GetEnvironmentVariable(RuntimeVariable) == "1" ? $"on ({RuntimeVariable}=1)" : "off";

    /// <summary>
    /// Bodies up to this size, together, are compared on the thread the copy's answer arrived on: parsing a few KiB takes
    /// microseconds, less than a hand-off to the thread pool, which on a busy core waits for the socket threads' turn
    /// (measured: with every comparison handed off, shadow 1.0 compared nearly half as many copies; gateway README).
    /// </summary>
    public const int InlineComparisonBytes = 64 * 1024;

    /// <summary>
    /// Before comparing bodies of <paramref name="bytes"/> together (each up to <c>Shadow:MaxBodyBytes</c>): when they are larger than
    /// <see cref="InlineComparisonBytes"/> and the caller was resumed on a socket thread, which other connections' reads
    /// and writes wait on, continues on the thread pool instead.
    /// </summary>
    public static async ValueTask LeaveSocketThreadAsync(long bytes)
    {
        if (bytes > InlineComparisonBytes && !Thread.CurrentThread.IsThreadPoolThread)
        {
            await Task.Yield();
        }
    }
}
