namespace Ftgo.Hosting.Telemetry;

/// <summary>
/// How a process exports what it measures (<c>Ftgo:Telemetry</c>). Traces and metrics go over OTLP when a
/// collector is named the standard way (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>); metrics are also scraped from
/// <see cref="PrometheusPath"/> when <see cref="Prometheus"/> is on.
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Ftgo:Telemetry";

    /// <summary>Serves <see cref="PrometheusPath"/> in Prometheus' text format.</summary>
    public bool Prometheus { get; set; }

    public string PrometheusPath { get; set; } = "/metrics";

    /// <summary>
    /// When set, the scrape endpoint answers on this port only (a management port the process must also listen
    /// on, e.g. <c>--urls "http://*:8080;http://*:9464"</c>), so that a load balancer in front of the public port
    /// never exposes it. The CLI's <c>cdc run</c> serves its metrics on this port with a listener of its own.
    /// </summary>
    public int? MetricsPort { get; set; }

    /// <summary>
    /// The host name or address the CLI's own metrics listener binds and answers to: <c>localhost</c>, or the name a
    /// Prometheus on another machine scrapes it by. No wildcard: the listener binds one address.
    /// </summary>
    public string MetricsHost { get; set; } = "localhost";

    /// <summary>
    /// Share of new traces recorded where a trace starts (the gateway, or a process called without a trace
    /// context); a process called within a trace follows the caller's decision. 1 % by default: fewer spans recorded and
    /// exported at the gateway's rate (gateway/README.md "Tracing's cost" has what was measured).
    /// </summary>
    public double TraceSampleRatio { get; set; } = 0.01;

    /// <summary>Records traces even without an OTLP endpoint (for a listener in the same process, such as a test's).</summary>
    public bool Tracing { get; set; }
}
