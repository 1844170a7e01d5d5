using Ftgo.Gateway.Routing;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;

namespace Ftgo.Gateway.Resilience;

/// <summary>
/// Sends a request a second time, to the other side, after the first answer was held back: a failed
/// new-side read answered from legacy, or a request the monolith refused as moved (its flags were a
/// moment ahead of the gateway's) sent to the new side. The held-back answer is cleared and the request
/// (its body rewound) goes through the route's own transforms.
/// </summary>
internal sealed class FallbackForwarder(IHttpForwarder forwarder, IProxyStateLookup proxyState)
{
    public Task ForwardToLegacyAsync(HttpContext http)
    {
        http.Request.Headers.Authorization = default;
        return ForwardAsync(http, Services.Legacy, OriginHeader.Legacy);
    }

    /// <summary>To the new service; the caller has bridged the session to its token already.</summary>
    public Task ForwardToNewSideAsync(HttpContext http, string service) => ForwardAsync(http, service, OriginHeader.For(service));

    private async Task ForwardAsync(HttpContext http, string clusterId, Microsoft.Extensions.Primitives.StringValues origin)
    {
        http.Response.Clear();
        http.Response.Headers[OriginHeader.Name] = origin;
        http.Features.Set<IForwarderErrorFeature>(null);
        if (http.Request.Body.CanSeek)
        {
            http.Request.Body.Position = 0;
        }
        if (!proxyState.TryGetCluster(clusterId, out var cluster) || cluster.Destinations.IsEmpty)
        {
            http.Response.StatusCode = StatusCodes.Status502BadGateway;
            return;
        }
        var destination = cluster.Destinations.Values.First();
        await forwarder.SendAsync(http, destination.Model.Config.Address, cluster.Model.HttpClient,
            cluster.Model.Config.HttpRequest ?? ForwarderRequestConfig.Empty, http.GetRouteModel().Transformer);
    }
}
