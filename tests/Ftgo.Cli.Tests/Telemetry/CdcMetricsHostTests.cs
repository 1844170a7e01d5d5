using Ftgo.Cli.Tests.Infrastructure;

namespace Ftgo.Cli.Tests.Telemetry;

/// <summary>`ftgo cdc run`'s metrics listener binds one named address: a wildcard is refused with what to set instead.</summary>
public sealed class CdcMetricsHostTests
{
    [Theory]
    [InlineData("*")]
    [InlineData("0.0.0.0")]
    public async Task CdcRun_WithAWildcardMetricsHost_StopsAndSaysWhatToSet(string host)
    {
        var folder = Directory.CreateTempSubdirectory("ftgo-cdc-metrics-").FullName;
        try
        {
            var result = await FtgoProcess.RunAsync(TimeSpan.FromSeconds(60), null, "cdc", "run", $"--Ftgo:DataFolder={folder}",
                "--Ftgo:Storage=sqlite", "--Ftgo:Telemetry:Prometheus=true", $"--Ftgo:Telemetry:MetricsPort={Loopback.FreePort()}",
                $"--Ftgo:Telemetry:MetricsHost={host}");

            Assert.True(result.Code != 0, result.ToString());
            Assert.Contains("MetricsHost cannot be a wildcard", result.All);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
