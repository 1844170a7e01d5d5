using Ftgo.Hosting.Telemetry;
using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Ftgo.Cli;

/// <summary>
/// The telemetry of a long-running command (<c>cdc run</c>): no web host here, so a listener of its own serves
/// Prometheus on <c>Ftgo:Telemetry:MetricsPort</c>, and OTLP exports metrics and spans when a collector is named.
/// </summary>
internal static class CliTelemetry
{
    /// <returns>What to dispose when the command ends (it flushes the last spans), or null when nothing is on.</returns>
    public static IDisposable? Start(IConfiguration configuration, string serviceName, string[] meters, string[] sources)
    {
        var options = FtgoTelemetry.OptionsFrom(configuration);
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!options.Prometheus && !otlp)
        {
            return null;
        }
        // The SDK reads OTEL_* from the environment only: a --OTEL_… setting of the command line is handed on.
        foreach (var setting in configuration.AsEnumerable().Where(s => s.Key.StartsWith("OTEL_", StringComparison.Ordinal) && s.Value is not null))
        {
            Environment.SetEnvironmentVariable(setting.Key, setting.Value);
        }
        var name = configuration["OTEL_SERVICE_NAME"] ?? serviceName;
        var resource = ResourceBuilder.CreateDefault().AddService(name, serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}");
        var metrics = Sdk.CreateMeterProviderBuilder().SetResourceBuilder(resource).AddMeter(meters).AddMeter("System.Runtime", "Npgsql");
        if (options.Prometheus)
        {
            var port = options.MetricsPort ?? throw new InvalidOperationException(
                $"{TelemetryOptions.Section}:Prometheus is on: {serviceName} serves its metrics on a port of its own, " +
                $"set {TelemetryOptions.Section}:MetricsPort (e.g. 9464).");
            // The exporter's HttpListener binds the one address its host name resolves to and answers requests addressed
            // to that name only; it has no wildcard (UriBuilder refuses "*", HttpListener refuses 0.0.0.0).
            if (options.MetricsHost is "*" or "+" or "0.0.0.0" or "::" or "[::]")
            {
                throw new InvalidOperationException(
                    $"{TelemetryOptions.Section}:MetricsHost cannot be a wildcard ({options.MetricsHost}): set it to the host name or " +
                    "address Prometheus scrapes this runner by (the listener answers requests addressed to that name only).");
            }
            metrics.AddPrometheusHttpListener(o =>
            {
                o.Host = options.MetricsHost;
                o.Port = port;
                o.ScrapeEndpointPath = options.PrometheusPath;
            });
        }
        TracerProvider? traces = null;
        if (otlp)
        {
            metrics.AddOtlpExporter();
            traces = Sdk.CreateTracerProviderBuilder().SetResourceBuilder(resource)
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.TraceSampleRatio)))
                .AddSource(sources).AddOtlpExporter().Build();
        }
        MeterProvider built;
        try
        {
            built = metrics.Build();
        }
        catch (Exception e) when (options.Prometheus && e is InvalidOperationException or System.Net.HttpListenerException or System.Net.Sockets.SocketException)
        {
            traces?.Dispose();
            throw new InvalidOperationException(
                $"{serviceName} cannot serve its metrics on {options.MetricsHost}:{options.MetricsPort} ({e.Message}): is the port taken? " +
                $"Set another {TelemetryOptions.Section}:MetricsPort.", e);
        }
        var provider = new Providers(built, traces);
        if (options.Prometheus)
        {
            Console.WriteLine($"{serviceName}: Prometheus metrics at http://{options.MetricsHost}:{options.MetricsPort}{options.PrometheusPath}");
        }
        return provider;
    }

    private sealed class Providers(MeterProvider? metrics, TracerProvider? traces) : IDisposable
    {
        public void Dispose()
        {
            traces?.Dispose();
            metrics?.Dispose();
        }
    }
}
