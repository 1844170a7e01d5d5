extern alias legacy;

namespace Ftgo.Gateway.Tests.Infrastructure;

/// <summary>The real monolith on a real loopback port, with SQLite in the given data folder.</summary>
public static class LegacyApp
{
    public static ServiceHost<legacy::Program> Start(string dataFolder) =>
        new ServiceHost<legacy::Program>(new Dictionary<string, string?>
        {
            ["Ftgo:DataFolder"] = dataFolder,
            ["Ftgo:Legacy:SeedDemoUser"] = "true",
            ["Logging:LogLevel:Default"] = "Warning",
        }, kestrel: true).Start();
}
