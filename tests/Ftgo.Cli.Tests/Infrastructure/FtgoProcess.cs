namespace Ftgo.Cli.Tests.Infrastructure;

/// <summary>The built <c>ftgo</c> command, run as a user runs it: a child process, its output and exit code.</summary>
public static class FtgoProcess
{
    /// <summary>The CLI's own build output (runbooks/ is copied beside it), built with this test project.</summary>
    public static string Dll { get; } = Output("Ftgo.Cli", "ftgo.dll");

    /// <summary>The build output of a project under <c>migration/</c>, in this test project's configuration.</summary>
    public static string Output(string project, string assembly) =>
        Path.Combine(ExternalProgram.RepositoryRoot, "migration", project, "bin", ExternalProgram.Configuration, "net10.0", assembly);

    public static Task<ExternalProgram.Result> RunAsync(IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunAsync(Dll, TimeSpan.FromSeconds(90), environment, args);

    public static Task<ExternalProgram.Result> RunAsync(TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] args) =>
        RunAsync(Dll, timeout, environment, args);

    /// <summary>
    /// Runs the ftgo of <paramref name="dll"/> in the temp folder — not the repository: the runbooks folder
    /// is then the copy beside the binary, or --runbooks — without the operator's gateway settings.
    /// </summary>
    public static Task<ExternalProgram.Result> RunAsync(string dll, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment, params string[] args)
    {
        var variables = new Dictionary<string, string?> { ["Ftgo__Gateway__AdminToken"] = null, ["Ftgo__Gateway__Url"] = null };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            variables[key] = value;
        }
        return ExternalProgram.RunAsync("dotnet", args.Prepend(dll), Path.GetTempPath(), variables, timeout);
    }
}
