using System.Diagnostics;

namespace Ftgo.Gateway.Tests.Capture;

/// <summary>What <c>ftgo</c> printed and how it exited.</summary>
public sealed record CliRun(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\n{Output}\nstderr:\n{Error}";
}

/// <summary>
/// The <c>ftgo</c> command as a user runs it: <c>dotnet ftgo.dll …</c> from the CLI's build output (the
/// test project references it so that it is built), a child process of this test, ended by its id.
/// </summary>
public static class FtgoCli
{
    private static readonly string Dll = Locate();

    public static async Task<CliRun> RunAsync(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Dll);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"ftgo {string.Join(' ', arguments)} did not exit within 2 minutes:\n{await output}\n{await error}");
        }
        return new CliRun(process.ExitCode, await output, await error);
    }

    private static string Locate()
    {
        var configuration = AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}")
            ? "Release"
            : "Debug";
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Ftgo.Strangler.sln")))
            {
                return Path.Combine(dir.FullName, "migration", "Ftgo.Cli", "bin", configuration, "net10.0", "ftgo.dll");
            }
        }
        throw new InvalidOperationException("The repository root (Ftgo.Strangler.sln) was not found above the test binaries.");
    }
}
