using Ftgo.Cli.Tests.Infrastructure;

namespace Ftgo.Cli.Tests.Telemetry;

/// <summary>The shipped deploy/prometheus files as Prometheus' own checker reads them.</summary>
public sealed class PrometheusConfigTests
{
    [Fact]
    public async Task Promtool_CheckRules_AcceptsTheShippedAlerts()
    {
        var result = await PromtoolAsync(PrometheusServer.Shipped, "check", "rules", Path.Combine(PrometheusServer.Shipped, "alerts.yml"));

        Assert.True(result.Code == 0, result.ToString());
    }

    [Fact]
    public async Task Promtool_CheckConfig_AcceptsACopyOfTheShippedConfig()
    {
        var copy = PrometheusServer.CopyShipped();
        try
        {
            var result = await PromtoolAsync(copy, "check", "config", Path.Combine(copy, "prometheus.yml"));

            Assert.True(result.Code == 0, result.ToString());
            // The config names its rules: checking it checked them too.
            Assert.Contains("alerts.yml", result.All);
        }
        finally
        {
            Directory.Delete(copy, recursive: true);
        }
    }

    [Fact]
    public async Task Promtool_TestRules_AlertsFireOnTheirUnitTestCases()
    {
        var result = await PromtoolAsync(PrometheusServer.Shipped, "test", "rules", Path.Combine(PrometheusServer.Shipped, "alerts.test.yml"));

        Assert.True(result.Code == 0, result.ToString());
    }

    private static Task<ExternalProgram.Result> PromtoolAsync(string workingDirectory, params string[] args) =>
        File.Exists(PrometheusServer.PromTool)
            ? ExternalProgram.RunAsync(PrometheusServer.PromTool, args, workingDirectory, null, TimeSpan.FromSeconds(60))
            : throw new InvalidOperationException($"{PrometheusServer.PromTool} is missing: install Debian's prometheus package (tests/run.sh does).");
}
