using System.Globalization;
using Ftgo.Cli.Tests.Infrastructure;
using Ftgo.Stages;
using Ftgo.Testing.Processes;

namespace Ftgo.Cli.Tests.Telemetry;

/// <summary>
/// The deployables as <c>ftgo demo</c> runs them (monolith, Kitchen, Delivery, gateway, <c>ftgo cdc run</c>), each
/// serving Prometheus' format, and a real Prometheus scraping them on the shipped configuration. Route groups at
/// rampdown: the gateway's delivery reads go to the Delivery service.
/// </summary>
public sealed class PrometheusFleet : IAsyncLifetime
{
    private readonly int _cdcMetricsPort = ChildProcess.FreePort();

    private EmbeddedCluster? _cluster;
    private PrometheusServer? _prometheus;

    public EmbeddedCluster Cluster => _cluster ?? throw new InvalidOperationException("The fleet is not started.");

    public PrometheusServer Prometheus => _prometheus ?? throw new InvalidOperationException("Prometheus is not started.");

    public async Task InitializeAsync()
    {
        try
        {
            await StartAsync();
        }
        catch
        {
            // Stop what did start; a second DisposeAsync (by xunit) then finds nothing left.
            await DisposeAsync();
            throw;
        }
    }

    private async Task StartAsync()
    {
        _cluster = new EmbeddedCluster("Production", MigrationStage.RampDown,
            new Dictionary<string, string> { ["Ftgo:Telemetry:Prometheus"] = "true" })
        {
            // cdc run has no web host: its listener has a port of its own, named as Prometheus will ask for it.
            CdcSettings = new Dictionary<string, string>
            {
                ["Ftgo:Telemetry:MetricsPort"] = _cdcMetricsPort.ToString(CultureInfo.InvariantCulture),
                ["Ftgo:Telemetry:MetricsHost"] = "127.0.0.1",
            },
        };
        // The auto-rollback off: on a busy machine the new side's p99 can pass its bound at rampdown, and a group rolled back to
        // dualwrite sends no request to Delivery (a CI run's rate queries then found the delivery group at dualwrite, not rampdown).
        await Cluster.WriteFlagsAsync(MigrationStage.RampDown, autoRollback: false);
        await Cluster.StartAllAsync();
        _prometheus = await PrometheusServer.StartAsync(new Dictionary<string, string[]>
        {
            ["gateway"] = [Cluster.Url(Deployable.Gateway).Authority],
            ["legacy"] = [Cluster.Url(Deployable.Legacy).Authority],
            ["kitchen"] = [Cluster.Url(Deployable.Kitchen).Authority],
            ["delivery"] = [Cluster.Url(Deployable.Delivery).Authority],
            ["cdc"] = [$"127.0.0.1:{_cdcMetricsPort}"],
        });
        await Eventually.UntilAsync(Prometheus.TargetsAsync, targets => targets.Count == 5 && targets.All(t => t.Split(' ')[2] == "up"),
            "Prometheus to scrape all five targets", TimeSpan.FromSeconds(60), () => Prometheus.Log);
    }

    public async Task DisposeAsync()
    {
        if (_prometheus is { } prometheus)
        {
            _prometheus = null;
            await prometheus.DisposeAsync();
        }
        if (_cluster is { } cluster)
        {
            _cluster = null;
            await cluster.DisposeAsync();
        }
    }
}
