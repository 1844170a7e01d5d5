using System.Diagnostics;

namespace Ftgo.Cli.Demo;

/// <summary>
/// One FTGO process of the demo (a service, the gateway or CDC): started with its arguments, its
/// output appended to a log file, waited on until its health check answers — from this very process,
/// by the pid on the answer — killed with SIGKILL (the fault the demo injects) and started again. Its
/// standard input is a pipe the demo holds open: when the demo ends, however it ends, the pipe closes
/// and the child stops (<c>Ftgo:ExitWithParent</c>).
/// </summary>
internal sealed class ServiceProcess(string name, string fileName, IReadOnlyList<string> arguments, string workingDirectory,
    string logFile, Uri? health) : IAsyncDisposable
{
    private Process? _process;
    private StreamWriter? _log;

    public string Name => name;

    public Uri? Health => health;

    public string LogFile => logFile;

    public bool Running => _process is { HasExited: false };

    /// <summary>The running process's id (null before a start or after its end).</summary>
    public int? Pid => _process is { HasExited: false } process ? process.Id : null;

    public void Start()
    {
        if (Running)
        {
            return;
        }
        Directory.CreateDirectory(Path.GetDirectoryName(logFile)!);
        _log ??= new StreamWriter(new FileStream(logFile, FileMode.Append, FileAccess.Write, FileShare.ReadWrite)) { AutoFlush = true };
        var start = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.ArgumentList.Add($"--{Ftgo.Hosting.Processes.ParentWatch.Key}=true");
        // As deployed: the committed handler code, no compiler in the process (Development would compile it).
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["DOTNET_ENVIRONMENT"] = "Production";
        // Children log plainly into their files; the demo's console belongs to the live table.
        start.Environment["NO_COLOR"] = "1";
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        if (!process.Start())
        {
            throw new InvalidOperationException($"{name} could not be started ({fileName}).");
        }
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        Append($"--- started {name} (pid {process.Id}) at {DateTimeOffset.Now:O}");
        _process = process;
    }

    /// <summary>Waits until the health check answers 200 (or, without one, until the process is up); fails fast when the process exits.</summary>
    public async Task WaitHealthyAsync(HttpClient http, TimeSpan timeout, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            ct.ThrowIfCancellationRequested();
            if (_process is null || _process.HasExited)
            {
                // A child that could not bind its port: say who holds it, when someone answers there.
                if (health is not null && await AnsweredByAsync(http, ct) is { Answered: true } other)
                {
                    throw Foreign(other.Pid);
                }
                throw new InvalidOperationException($"{name} exited during its start (exit code {_process?.ExitCode}). Last lines of {logFile}:\n{Tail(15)}");
            }
            if (health is null)
            {
                return;
            }
            var (answered, pid, healthy) = await AnsweredByAsync(http, ct);
            if (answered && pid != _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture))
            {
                // Another process holds the port (an orphan of an earlier run, say): driving it would be wrong.
                await KillAsync();
                throw Foreign(pid);
            }
            if (healthy)
            {
                return;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"{name} did not become healthy at {health} within {timeout.TotalSeconds:N0} s. Last lines of {logFile}:\n{Tail(15)}");
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200), ct); // poll interval of the health check
        }
    }

    /// <summary>One probe of the health URL: whether anything answered, the pid it gave, and whether it was a 2xx.</summary>
    private async Task<(bool Answered, string? Pid, bool Healthy)> AnsweredByAsync(HttpClient http, CancellationToken ct)
    {
        try
        {
            using var probe = CancellationTokenSource.CreateLinkedTokenSource(ct);
            probe.CancelAfter(TimeSpan.FromSeconds(2));
            using var response = await http.GetAsync(health, probe.Token);
            var pid = response.Headers.TryGetValues(Ftgo.Hosting.FtgoHostingExtensions.ProcessIdHeader, out var pids) ? pids.FirstOrDefault() : null;
            return (true, pid, response.IsSuccessStatusCode);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
        {
            return (false, null, false); // not listening (yet)
        }
    }

    private InvalidOperationException Foreign(string? pid) => new(
        $"port {health!.Port} is answered by another process ({(pid is null ? "not an FTGO service" : $"pid {pid}")}), " +
        $"not the {name} this demo started{(_process is null ? "" : $" (pid {_process.Id})")}: stop it, or give the demo another --base-port.");

    /// <summary>SIGKILL: no shutdown hook runs, as when a machine or a container dies.</summary>
    public async Task KillAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }
        Append($"--- killed {name} (pid {process.Id}) at {DateTimeOffset.Now:O}");
        process.Kill(entireProcessTree: true);
        await process.WaitForExitAsync();
    }

    /// <summary>Ctrl-C for a child: SIGTERM, then SIGKILL if it has not stopped within the grace period.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }
        if (OperatingSystem.IsWindows())
        {
            await KillAsync();
            return;
        }
        using (var term = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", process.Id.ToString() }, UseShellExecute = false }))
        {
            term?.WaitForExit();
        }
        using var wait = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(wait.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    public string Tail(int lines)
    {
        try
        {
            using var stream = new FileStream(logFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            using var reader = new StreamReader(stream);
            var all = reader.ReadToEnd().Split('\n', StringSplitOptions.RemoveEmptyEntries);
            return string.Join('\n', all.TakeLast(lines));
        }
        catch (IOException)
        {
            return "(no log)";
        }
    }

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (this)
        {
            _log?.WriteLine(line);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync(TimeSpan.FromSeconds(5));
        _process?.Dispose();
        lock (this)
        {
            _log?.Dispose();
            _log = null;
        }
    }
}
