namespace Ftgo.Migration.Tests.Infrastructure;

/// <summary>Paths of the programs the tests start as child processes.</summary>
public static class Repository
{
    public static string Root => ExternalProgram.RepositoryRoot;

    /// <summary>Debug or Release, as this test assembly was built.</summary>
    public static string Configuration => ExternalProgram.Configuration;

    public static string Output(string project, string assembly) =>
        Path.Combine(Root, "migration", project, "bin", Configuration, "net10.0", assembly);
}
