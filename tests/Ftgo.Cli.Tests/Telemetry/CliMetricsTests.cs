using System.Net;
using System.Net.Sockets;
using Ftgo.Cli.Tests.Infrastructure;

namespace Ftgo.Cli.Tests.Telemetry;

/// <summary><c>ftgo cdc run</c> serves its metrics on a port of its own: what it says when it cannot.</summary>
public sealed class CliMetricsTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("ftgo-cli-metrics-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task PrometheusOnWithoutAPort_CdcRunRefusesToStart_NamingTheKeyToSet()
    {
        var result = await FtgoProcess.RunAsync(Environment(), "cdc", "run", "--Ftgo:Telemetry:Prometheus=true");

        Assert.Equal(1, result.Code);
        Assert.Contains("Ftgo:Telemetry:MetricsPort", result.Error);
    }

    [Fact]
    public async Task AMetricsPortAlreadyTaken_CdcRunRefusesToStart_SayingSo()
    {
        using var taken = new TcpListener(IPAddress.Loopback, 0);
        taken.Start();
        var port = ((IPEndPoint)taken.LocalEndpoint).Port;

        var result = await FtgoProcess.RunAsync(Environment(), "cdc", "run", "--Ftgo:Telemetry:Prometheus=true",
            $"--Ftgo:Telemetry:MetricsPort={port}", "--Ftgo:Telemetry:MetricsHost=127.0.0.1");

        Assert.Equal(1, result.Code);
        Assert.Contains($"cannot serve its metrics on 127.0.0.1:{port}", result.Error);
    }

    private Dictionary<string, string> Environment() => new() { ["Ftgo__DataFolder"] = _folder };
}
