using Ftgo.Gateway.Resilience;
using Ftgo.Gateway.Routing;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Telemetry;

/// <summary>
/// A backend's own <c>/healthz</c>, as part of the gateway's. Legacy down makes the gateway unhealthy;
/// a new service down only degrades it (legacy can still answer, and its circuit state is reported).
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
        var baseUrl = options.CurrentValue.BaseUrlOf(service)!;
        var data = new Dictionary<string, object> { ["url"] = baseUrl };
        if (service != Services.Legacy)
        {
            data["circuit"] = breakers.StateOf(service);
        }
        var failure = service == Services.Legacy ? HealthStatus.Unhealthy : HealthStatus.Degraded;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            using var response = await Client.GetAsync(new Uri(new Uri(baseUrl), "/healthz"), timeout.Token);
            data["status"] = (int)response.StatusCode;
            return response.IsSuccessStatusCode
                ? HealthCheckResult.Healthy($"{service} answers", data)
                : new HealthCheckResult(failure, $"{service} answered {(int)response.StatusCode}", data: data);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
        {
            return new HealthCheckResult(failure, $"{service} is unreachable: {e.Message}", data: data);
        }
    }
}
