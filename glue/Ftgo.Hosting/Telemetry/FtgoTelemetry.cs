using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Context.Propagation;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Ftgo.Hosting.Telemetry;

/// <summary>
/// OpenTelemetry for every FTGO process, one way: the resource (service name, instance), metrics from the platform's
/// meters and the project's own (<c>Ftgo.*</c>), traces from ASP.NET Core, HttpClient, Npgsql and Wolverine, exported
/// over OTLP and scraped by Prometheus as <see cref="TelemetryOptions"/> says. A process adds its own sources and
/// meters with <c>ConfigureOpenTelemetryTracerProvider</c> / <c>ConfigureOpenTelemetryMeterProvider</c>.
/// </summary>
public static class FtgoTelemetry
{
    /// <summary>The prefix of every meter and activity source of the project's own code.</summary>
    public const string Prefix = "Ftgo.";

    /// <summary>What the platform and the libraries measure without instrumentation packages on the request path.</summary>
    private static readonly string[] PlatformMeters =
    [
        "Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "Microsoft.AspNetCore.Diagnostics",
        "System.Net.Http", "System.Runtime", "Npgsql", "Microsoft.EntityFrameworkCore", "Wolverine:*", Prefix + "*",
    ];

    /// <summary>
    /// Platform instruments recorded on every request that no alert, dashboard or question of the migration reads: each
    /// measurement is an aggregation on the request path (the gateway's profile), so they are not collected. A team that
    /// wants one back removes it here.
    /// </summary>
    private static readonly string[] DroppedInstruments =
    [
        "aspnetcore.routing.match_attempts",   // one per request: whether routing matched (the request counts say more)
        "http.client.active_requests",         // two per outgoing request: in-flight calls to a backend
        "http.client.request.time_in_queue",   // per outgoing request that waited for a pooled connection
    ];

    /// <summary>
    /// What is traced besides ASP.NET Core's requests. HttpClient by the runtime's own source: since .NET 9 it emits the
    /// semantic conventions' client spans itself, and OpenTelemetry's HttpClient instrumentation would add a
    /// DiagnosticListener subscription whose events (two, with their payloads) the runtime then writes for every call,
    /// sampled or not.
    /// </summary>
    private static readonly string[] TraceSources = ["System.Net.Http", "Npgsql", "Wolverine", Prefix + "*"];

    public static TelemetryOptions OptionsFrom(IConfiguration configuration) =>
        configuration.GetSection(TelemetryOptions.Section).Get<TelemetryOptions>() ?? new TelemetryOptions();

    /// <summary>Whether traces are recorded: with a collector to send them to, or when asked for in-process.</summary>
    public static bool TracesOn(IConfiguration configuration) =>
        !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]) || OptionsFrom(configuration).Tracing;

    public static IServiceCollection AddFtgoTelemetry(this IServiceCollection services, IConfiguration configuration, string serviceName)
    {
        var options = OptionsFrom(configuration);
        if (options.TraceSampleRatio is < 0 or > 1)
        {
            throw new InvalidOperationException($"{TelemetryOptions.Section}:TraceSampleRatio must lie between 0 and 1, not {options.TraceSampleRatio}.");
        }
        if (options.MetricsPort is <= 0 or > 65535)
        {
            throw new InvalidOperationException($"{TelemetryOptions.Section}:MetricsPort must be a TCP port (1-65535), not {options.MetricsPort}.");
        }
        var otlp = !string.IsNullOrWhiteSpace(configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]);
        services.AddMetrics();
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(r => r.AddService(configuration["OTEL_SERVICE_NAME"] ?? serviceName,
                serviceInstanceId: $"{Environment.MachineName}:{Environment.ProcessId}"));
        // No meter listener without an exporter: each recorded measurement costs time on the request path.
        if (otlp || options.Prometheus)
        {
            telemetry.WithMetrics(metrics =>
            {
                metrics.AddMeter(PlatformMeters);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
                if (options.Prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        }
        services.DropInstruments(DroppedInstruments);
        // No tracer at all without somewhere to send the spans: the request path then creates no recorded activity.
        if (TracesOn(configuration))
        {
            // W3C trace context only: the runtime already extracts (ASP.NET Core) and injects (HttpClient) traceparent,
            // tracestate and baggage on every request. With OpenTelemetry's default composite propagator, its two
            // instrumentations do it again on every request, recorded or not (the gateway's benchmark profile: extract,
            // inject, and an async-local write of Baggage.Current per request); no FTGO code reads that Baggage.
            Sdk.SetDefaultTextMapPropagator(new TraceContextPropagator());
            telemetry.WithTracing(tracing =>
            {
                tracing.SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.TraceSampleRatio)))
                    .AddAspNetCoreInstrumentation(o => o.Filter = http => !IsOwnEndpoint(http.Request.Path, options))
                    .AddSource(TraceSources);
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
        }
        return services;
    }

    /// <summary>
    /// Leaves instruments out of the process's metrics, a metric view each: what every process drops
    /// (<see cref="DroppedInstruments"/>), and what a process adds for itself (the gateway's duplicates of its own).
    /// </summary>
    public static IServiceCollection DropInstruments(this IServiceCollection services, IEnumerable<string> instruments) =>
        services.ConfigureOpenTelemetryMeterProvider(metrics =>
        {
            foreach (var instrument in instruments)
            {
                metrics.AddView(instrument, MetricStreamConfiguration.Drop);
            }
        });

    /// <summary>The scrape endpoint, when on; on <see cref="TelemetryOptions.MetricsPort"/> only when one is set.</summary>
    public static WebApplication MapFtgoMetrics(this WebApplication app)
    {
        var options = OptionsFrom(app.Configuration);
        if (!options.Prometheus)
        {
            return app;
        }
        var endpoint = app.MapPrometheusScrapingEndpoint(options.PrometheusPath);
        if (options.MetricsPort is { } port)
        {
            endpoint.RequireHost($"*:{port}");
        }
        app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(FtgoTelemetry))
            .LogInformation("Prometheus metrics at {Path}{Port}", options.PrometheusPath, options.MetricsPort is { } p ? $" on port {p}" : "");
        return app;
    }

    private static bool IsOwnEndpoint(PathString path, TelemetryOptions options) =>
        path.StartsWithSegments("/healthz") || path.StartsWithSegments(options.PrometheusPath);
}
