using Microsoft.Extensions.Diagnostics.HealthChecks;
using RabbitMQ.Client;
using Wolverine.Runtime;

namespace Ftgo.Messaging.Health;

/// <summary>
/// Healthy when the broker answers (RabbitMQ: a fresh connection opens) and Wolverine's message store
/// is reachable (the local bus lives there).
/// </summary>
internal sealed class BusHealthCheck(BusDescription bus, IWolverineRuntime runtime) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken ct = default)
    {
        try
        {
            await runtime.Storage.Admin.CheckConnectivityAsync(ct);
            if (bus.RabbitMq is { } uri)
            {
                var factory = new ConnectionFactory { Uri = uri, RequestedConnectionTimeout = TimeSpan.FromSeconds(3) };
                await using var connection = await factory.CreateConnectionAsync("ftgo-health", ct);
            }
            return HealthCheckResult.Healthy($"{bus.Bus} bus on {bus.Storage}");
        }
        catch (Exception e)
        {
            return HealthCheckResult.Unhealthy($"{bus.Bus} bus unreachable: {e.Message}", e);
        }
    }
}
