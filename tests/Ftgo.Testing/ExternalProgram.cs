using System.Diagnostics;

namespace Ftgo.Testing;

/// <summary>
/// Runs a program to its end (<c>dotnet publish</c>, <c>dotnet pack</c>, <c>ftgo</c>, an installed tool) and
/// returns its exit code and output; past the timeout the process tree is killed and a
/// <see cref="TimeoutException"/> carries what it printed.
/// </summary>
public static class ExternalProgram
{
    public sealed record Result(int Code, string Output, string Error)
    {
        public string All => Output + "\n" + Error;

        public override string ToString() => $"exit {Code}\n{All}";
    }

    /// <summary>The repository root (the folder holding Ftgo.Strangler.sln) above the test binaries.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    /// <summary>Debug or Release, as the calling test assembly was built (and so the projects it runs).</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    /// <summary><c>dotnet ARGS</c> in the repository root.</summary>
    public static Task<Result> DotnetAsync(TimeSpan timeout, params string[] args) =>
        RunAsync("dotnet", args, RepositoryRoot, null, timeout);

    /// <summary>Runs <paramref name="program"/>; an environment value of null removes that variable.</summary>
    public static async Task<Result> RunAsync(string program, IEnumerable<string> args, string workingDirectory,
        IReadOnlyDictionary<string, string?>? environment, TimeSpan timeout)
    {
        var info = new ProcessStartInfo(program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        // A build server left by one command would outlive the test and hold the build's files.
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
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
            throw new TimeoutException($"{program} {string.Join(' ', args)} did not finish within {timeout.TotalSeconds:N0} s:\n{await output}\n{await error}");
        }
        return new Result(process.ExitCode, await output, await error);
    }

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ftgo.Strangler.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("The repository root (Ftgo.Strangler.sln) was not found above the test binaries.");
    }
}
