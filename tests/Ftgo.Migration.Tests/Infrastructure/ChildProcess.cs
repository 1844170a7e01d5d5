using System.Collections.Concurrent;
using System.Diagnostics;

namespace Ftgo.Migration.Tests.Infrastructure;

/// <summary>A program run by the tests (`dotnet x.dll …`, or an installed command), its output collected, killed (SIGKILL) or stopped at dispose.</summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _lines = new();

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public IReadOnlyCollection<string> Lines => _lines;

    public string Output => string.Join("\n", _lines);

    public bool HasExited => _process.HasExited;

    /// <summary>SIGTERM: the polite stop a service manager sends.</summary>
    public void Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", $"-TERM {_process.Id}") { UseShellExecute = false })!;
        kill.WaitForExit();
    }

    public int ExitCode => _process.ExitCode;

    public StreamWriter Input => _process.StandardInput;

    public static ChildProcess Start(string dll, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null) =>
        StartProgram("dotnet", arguments.Prepend(dll), Path.GetDirectoryName(dll)!, environment);

    /// <summary>Any program (an installed tool's command, say), in <paramref name="workingDirectory"/>.</summary>
    public static ChildProcess StartProgram(string program, IEnumerable<string> arguments, string workingDirectory,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        var process = new Process { StartInfo = info };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) child._lines.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) child._lines.Enqueue("err: " + e.Data); };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>SIGKILL: no cleanup, no goodbye — as a crash.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }
        await _process.WaitForExitAsync();
    }

    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException($"The child process did not exit within {timeout.TotalSeconds:N0} s. Output:\n{Output}");
        }
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }
}
