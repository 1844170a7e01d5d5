using System.Net.Http.Json;
using Ftgo.Gateway.Resilience;
using Ftgo.Hosting.Json;
using Ftgo.Hosting.Sync;

namespace Ftgo.Gateway.Timeline;

/// <summary>
/// The CDC lag of a group's new service, as the service reads it from the runners' beats in its own schema
/// (<see cref="CdcReport.Path"/>): asked of one of its nodes once per timeline sample, off the request path. Null when no
/// runner beats, or the service does not answer within <see cref="Timeout"/> (a gap in the chart, never a made-up zero).
/// </summary>
internal sealed class CdcLagProbe(IHttpClientFactory clients, FallbackForwarder nodes, ILogger<CdcLagProbe> log)
{
    public const string HttpClientName = "ftgo-cdc-lag";

    /// <summary>Well inside the sample interval: a slow service must not hold the samples back.</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    public async Task<double?> LagSecondsAsync(string service, CancellationToken ct)
    {
        if (nodes.NodeOf(service) is not { } node)
        {
            return null;
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeout);
        try
        {
            var report = await clients.CreateClient(HttpClientName)
                .GetFromJsonAsync<CdcReport>(new Uri(new Uri(node), CdcReport.Path), FtgoJson.Options, timeout.Token);
            return report?.State == CdcReport.Running ? report.LagSeconds : null;
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException && !ct.IsCancellationRequested)
        {
            // A service that is down, or older than the report (404), has no lag to chart.
            log.LogDebug("The CDC lag of {Service} could not be read at {Node}: {Message}", service, node, e.Message);
            return null;
        }
    }
}
