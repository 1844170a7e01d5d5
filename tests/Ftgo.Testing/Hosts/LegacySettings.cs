namespace Ftgo.Testing.Hosts;

/// <summary>
/// The monolith's settings in a test: its store, its data folder (session keys), the demo login
/// (demo/demo) and logs kept to problems. Strings only, so that a test project hosts the monolith
/// without this library referencing it.
/// </summary>
public static class LegacySettings
{
    /// <summary>The monolith on <paramref name="database"/>.</summary>
    public static Dictionary<string, string?> For(TestDatabase database) => new()
    {
        ["Ftgo:Storage"] = database.StorageSetting,
        ["ConnectionStrings:Legacy"] = database.ConnectionString,
        ["Ftgo:DataFolder"] = database.DataFolder,
        ["Ftgo:Legacy:SeedDemoUser"] = "true",
        ["Logging:LogLevel:Default"] = "Warning",
        ["Logging:LogLevel:Microsoft.AspNetCore"] = "Warning",
        // Seeded and hand-made rows log at Information; keep the test output to problems.
        ["Logging:LogLevel:Ftgo.Legacy"] = "Warning",
    };
}
