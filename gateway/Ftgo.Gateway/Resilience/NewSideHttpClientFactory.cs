using Ftgo.Gateway.Routing;
using Yarp.ReverseProxy.Forwarder;

namespace Ftgo.Gateway.Resilience;

/// <summary>YARP's HTTP clients, with the new services' clients behind their circuit breaker.</summary>
internal sealed class NewSideHttpClientFactory(CircuitBreakers breakers, ILogger<ForwarderHttpClientFactory> log)
    : ForwarderHttpClientFactory(log)
{
    protected override HttpMessageHandler WrapHandler(ForwarderHttpClientContext context, HttpMessageHandler handler) =>
        Services.NewSide.Contains(context.ClusterId)
            ? new CircuitBreakerHandler(breakers.For(context.ClusterId)) { InnerHandler = handler }
            : handler;
}
