using Ftgo.Gateway.Resilience;
using Ftgo.Gateway.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Telemetry;

/// <summary>
/// A backend's own <c>/healthz</c>, as part of the gateway's: every node of it. Legacy with no instance
/// answering makes the gateway unhealthy; a new service with none answering, or any backend with some nodes
/// down, only degrades it (the others answer; legacy can answer for a new service, and its circuit state is
/// reported).
/// </summary>
internal sealed class BackendHealthCheck(string service, CircuitBreakers breakers,
    IOptionsMonitor<GatewayOptions> options) : IHealthCheck
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(2);

    // Straight to the backend: a health probe must not be refused by, or count towards, the breaker.
    private static readonly HttpClient Client = new(new SocketsHttpHandler { UseProxy = false, UseCookies = false })
    {
        Timeout = Timeout,
    };

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        var nodes = options.CurrentValue.NodesOf(service);
        var data = new Dictionary<string, object> { ["url"] = string.Join(",", nodes) };
        if (service != Services.Legacy)
        {
            data["circuit"] = breakers.StateOf(service);
        }
        var answers = await Task.WhenAll(nodes.Select(node => ProbeAsync(node, ct)));
        data["status"] = answers.Length == 1 ? answers[0].Status : string.Join(",", answers.Select(a => a.Status));
        var healthy = answers.Count(a => a.Healthy);
        if (healthy == answers.Length)
        {
            return HealthCheckResult.Healthy(answers.Length == 1 ? $"{service} answers" : $"{service}: all {answers.Length} nodes answer", data);
        }
        var failure = service == Services.Legacy && healthy == 0 ? HealthStatus.Unhealthy : HealthStatus.Degraded;
        var why = string.Join("; ", answers.Where(a => !a.Healthy).Select(a => a.Reason));
        return new HealthCheckResult(failure, answers.Length == 1 ? why : $"{service}: {healthy} of {answers.Length} nodes answer; {why}", data: data);
    }

    private async Task<(bool Healthy, object Status, string Reason)> ProbeAsync(string node, CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            using var response = await Client.GetAsync(new Uri(new Uri(node), "/healthz"), timeout.Token);
            return (response.IsSuccessStatusCode, (int)response.StatusCode, $"{service} answered {(int)response.StatusCode}");
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return (false, "unreachable", $"{service} is unreachable: {e.Message}");
        }
    }
}
