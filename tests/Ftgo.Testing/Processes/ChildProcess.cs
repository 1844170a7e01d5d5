using System.Diagnostics;
using System.Net.Sockets;

namespace Ftgo.Testing.Processes;

/// <summary>
/// A program run as a real child process: its output kept (the last lines, for a failure message),
/// its health awaited, its memory and its loaded files read from <c>/proc</c>, stopped with SIGTERM
/// and then SIGKILL. The clock starts just before the process does.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private const int KeptLines = 200;
    private readonly Queue<string> _output = new();
    private readonly Process _process;
    private readonly Stopwatch _clock;

    private ChildProcess(string name, Process process, Stopwatch clock)
    {
        Name = name;
        _process = process;
        _clock = clock;
    }

    public string Name { get; }

    public int Id => _process.Id;

    public bool Exited => _process.HasExited;

    /// <summary>Time since just before the process was started.</summary>
    public TimeSpan Elapsed => _clock.Elapsed;

    /// <summary>Starts <c>dotnet &lt;assembly&gt; &lt;arguments&gt;</c> in <paramref name="workingDirectory"/> with these environment variables (null removes one).</summary>
    public static ChildProcess StartDotnet(string name, string assembly, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?> environment) =>
        Start(name, "dotnet", arguments.Prepend(assembly), workingDirectory, environment);

    /// <summary>Starts <paramref name="program"/> (a server the tests use as it ships, e.g. Prometheus) the same way.</summary>
    public static ChildProcess Start(string name, string program, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string?> environment)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["NO_COLOR"] = "1";
        foreach (var (key, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var clock = Stopwatch.StartNew();
        var child = new ChildProcess(name, process, clock);
        process.OutputDataReceived += (_, e) => child.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => child.Keep(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>A loopback port nobody listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>
    /// Waits (<see cref="Eventually"/>) until <paramref name="ready"/> is true and returns the time since the
    /// start; fails at once, with the last output, if the process exits, and after <paramref name="timeout"/>.
    /// </summary>
    public async Task<TimeSpan> WaitReadyAsync(Func<Task<bool>> ready, TimeSpan timeout)
    {
        await Eventually.UntilAsync(async () =>
        {
            if (_process.HasExited)
            {
                // A failed assertion ends the wait at once.
                throw new Xunit.Sdk.XunitException($"{Name} exited (code {_process.ExitCode}) before it was ready. Last output:\n{Tail(30)}");
            }
            return await ready();
        }, isReady => isReady, $"{Name} to be ready", timeout, () => $"last output:\n{Tail(30)}");
        return _clock.Elapsed;
    }

    /// <summary>
    /// <see cref="WaitReadyAsync"/> on a 200 from <paramref name="health"/> answered by this process: an FTGO process
    /// names itself in <c>X-Ftgo-Pid</c>, so that another one that took the port first (tests run side by side, and
    /// a free port is free only until somebody binds it) is not mistaken for this one.
    /// </summary>
    public Task<TimeSpan> WaitHealthyAsync(HttpClient http, Uri health, TimeSpan timeout) =>
        WaitReadyAsync(async () =>
        {
            using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            using var response = await http.GetAsync(health, probe.Token);
            return response.IsSuccessStatusCode
                   && (!response.Headers.TryGetValues(ProcessIdHeader, out var pid) || pid.FirstOrDefault() == Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        }, timeout);

    /// <summary>The header every FTGO web process's <c>/healthz</c> names its process id in (Ftgo.Hosting's <c>ProcessIdHeader</c>).</summary>
    private const string ProcessIdHeader = "X-Ftgo-Pid";

    /// <summary>Resident memory now and its peak (VmRSS, VmHWM), in bytes.</summary>
    public (long Rss, long Peak) Memory()
    {
        long rss = 0, peak = 0;
        foreach (var line in File.ReadLines($"/proc/{Id}/status"))
        {
            if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
            {
                rss = Kilobytes(line) * 1024;
            }
            else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
            {
                peak = Kilobytes(line) * 1024;
            }
        }
        return (rss, peak);
    }

    /// <summary>The files mapped into the process (its loaded assemblies among them), from <c>/proc/&lt;pid&gt;/maps</c>.</summary>
    public IReadOnlyList<string> MappedFiles() =>
        [.. File.ReadLines($"/proc/{Id}/maps")
            .Select(l => l.Split(' ', 6, StringSplitOptions.RemoveEmptyEntries))
            .Where(p => p.Length == 6 && p[5].StartsWith('/'))
            .Select(p => p[5].Trim())
            .Distinct()];

    public string Tail(int lines)
    {
        lock (_output)
        {
            return string.Join('\n', _output.TakeLast(lines));
        }
    }

    /// <summary>The exit code once the process ends by itself; a <see cref="TimeoutException"/> (with its output) if it runs past <paramref name="timeout"/>.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var wait = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"{Name} still runs after {timeout}:\n{Tail(40)}");
        }
        return _process.ExitCode;
    }

    /// <summary>SIGKILL, as when the host dies: nothing of the process runs after it.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    /// <summary>SIGTERM, then SIGKILL if the process has not stopped within <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }
        using (var term = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", Id.ToString() }, UseShellExecute = false }))
        {
            term?.WaitForExit();
        }
        using var wait = new CancellationTokenSource(grace);
        try
        {
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5));
        _process.Dispose();
    }

    private static long Kilobytes(string line) =>
        long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture);

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.Enqueue(line);
            while (_output.Count > KeptLines)
            {
                _output.Dequeue();
            }
        }
    }
}
