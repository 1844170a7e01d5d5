using Ftgo.Gateway.Routing;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;

namespace Ftgo.Gateway.Resilience;

/// <summary>
/// Answers a failed new-side read at <c>live</c> from legacy: the held-back answer is cleared and the
/// same (bodiless) request is forwarded to the legacy cluster through the route's own transforms.
/// </summary>
internal sealed class FallbackForwarder(IHttpForwarder forwarder, IProxyStateLookup proxyState)
{
    public async Task ForwardToLegacyAsync(HttpContext http)
    {
        http.Response.Clear();
        http.Response.Headers[OriginHeader.Name] = OriginHeader.Legacy;
        http.Request.Headers.Authorization = default;
        http.Features.Set<IForwarderErrorFeature>(null);
        if (!proxyState.TryGetCluster(Services.Legacy, out var cluster) || cluster.Destinations.IsEmpty)
        {
            http.Response.StatusCode = StatusCodes.Status502BadGateway;
            return;
        }
        var destination = cluster.Destinations.Values.First();
        await forwarder.SendAsync(http, destination.Model.Config.Address, cluster.Model.HttpClient,
            cluster.Model.Config.HttpRequest ?? ForwarderRequestConfig.Empty, http.GetRouteModel().Transformer);
    }
}
