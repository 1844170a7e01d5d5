using System.Diagnostics;

namespace Ftgo.Cli.Tests.Infrastructure;

/// <summary>The built <c>ftgo</c> command, run as a user runs it: a child process, its output and exit code.</summary>
public static class FtgoProcess
{
    /// <summary>The CLI's own build output (runbooks/ is copied beside it), built with this test project.</summary>
    public static string Dll { get; } = Output("Ftgo.Cli", "ftgo.dll");

    /// <summary>The build output of a project under <c>migration/</c>, in this test project's configuration.</summary>
    public static string Output(string project, string assembly) => Path.Combine(Root(), "migration", project, "bin",
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug",
        "net10.0", assembly);

    private static string Root()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (Directory.Exists(Path.Combine(dir.FullName, "migration", "Ftgo.Cli")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("The repository root (migration/Ftgo.Cli) was not found above the test binaries.");
    }

    public sealed record Result(int Code, string Output, string Error)
    {
        public string All => Output + "\n" + Error;

        public override string ToString() => $"exit {Code}\n{All}";
    }

    public static Task<Result> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunAsync(Dll, TimeSpan.FromSeconds(90), environment, args);

    public static Task<Result> RunAsync(TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunAsync(Dll, timeout, environment, args);

    /// <summary>Runs the ftgo of <paramref name="dll"/>; past <paramref name="timeout"/> the process tree is killed and the test fails with what it printed.</summary>
    public static async Task<Result> RunAsync(string dll, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            // Not the repository: the runbooks folder is then the copy beside the binary, or --runbooks.
            WorkingDirectory = Path.GetTempPath(),
        };
        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        info.Environment["Ftgo__Gateway__AdminToken"] = null;
        info.Environment["Ftgo__Gateway__Url"] = null;
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            Assert.Fail($"ftgo {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:N0} s:\n{await output}\n{await error}");
        }
        return new Result(process.ExitCode, await output, await error);
    }
}
