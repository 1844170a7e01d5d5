using Ftgo.Hosting.Telemetry;
using Microsoft.Extensions.Configuration;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;

namespace Ftgo.Cli;

/// <summary>
/// The metrics of a long-running command (<c>cdc run</c>): no web host here, so a listener of its own serves
/// Prometheus on <c>Ftgo:Telemetry:MetricsPort</c>, and OTLP exports them when a collector is named.
/// </summary>
internal static class CliTelemetry
{
    public static MeterProvider? Start(IConfiguration configuration, string serviceName, params string[] meters)
    {
        var options = FtgoTelemetry.OptionsFrom(configuration);
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        if (!options.Prometheus && !otlp)
        {
            return null;
        }
        var builder = Sdk.CreateMeterProviderBuilder()
            .ConfigureResource(r => r.AddService(configuration["OTEL_SERVICE_NAME"] ?? serviceName,
                serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"))
            .AddMeter(meters)
            .AddMeter("System.Runtime", "Npgsql");
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
            builder.AddPrometheusHttpListener(o =>
            {
                o.Host = options.MetricsHost;
                o.Port = port;
                o.ScrapeEndpointPath = options.PrometheusPath;
            });
        }
        if (otlp)
        {
            builder.AddOtlpExporter();
        }
        var provider = builder.Build();
        if (options.Prometheus)
        {
            Console.WriteLine($"{serviceName}: Prometheus metrics at http://{options.MetricsHost}:{options.MetricsPort}{options.PrometheusPath}");
        }
        return provider;
    }
}
