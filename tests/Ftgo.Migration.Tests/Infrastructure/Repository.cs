namespace Ftgo.Migration.Tests.Infrastructure;

/// <summary>Paths of the repository and of the programs the tests start as child processes.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release, as this test assembly was built.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}") ? "Release" : "Debug";

    public static string Output(string project, string assembly) =>
        Path.Combine(Root, "migration", project, "bin", Configuration, "net10.0", assembly);

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
