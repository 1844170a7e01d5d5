using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace Ftgo.Hosting.Processes;

/// <summary>
/// A child that must not outlive the program that started it (<c>ftgo demo</c>): with
/// <see cref="Key"/> set, it watches its standard input, a pipe whose write end the parent holds, and
/// stops when the pipe closes. The kernel closes it however the parent ends, SIGKILL included, so no
/// orphan keeps a port or a data folder the parent's next run will use.
/// </summary>
public static class ParentWatch
{
    public const string Key = "Ftgo:ExitWithParent";

    /// <summary>How long a stop may take before the process exits regardless.</summary>
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(10);

    public static bool Enabled(IConfiguration configuration) => configuration.GetValue<bool>(Key);

    /// <summary>Calls <paramref name="stop"/> once standard input reaches its end, then exits after the grace period if still running.</summary>
    public static void Start(Action stop)
    {
        var thread = new Thread(() =>
        {
            try
            {
                var input = Console.OpenStandardInput();
                var buffer = new byte[256];
                while (input.Read(buffer, 0, buffer.Length) > 0)
                {
                    // The parent writes nothing: only the end of the pipe matters.
                }
            }
            catch (IOException)
            {
                // A broken pipe is an end too.
            }
            // A stop that hangs must not keep the orphan alive: exit once the grace period is over.
            _ = new Timer(_ => Environment.Exit(1), null, Grace, Timeout.InfiniteTimeSpan);
            stop();
        })
        { IsBackground = true, Name = "parent watch" };
        thread.Start();
    }
}

/// <summary>Stops the host when the parent's pipe closes (<see cref="ParentWatch"/>).</summary>
internal sealed class ParentWatchService(IHostApplicationLifetime lifetime) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        ParentWatch.Start(lifetime.StopApplication);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
