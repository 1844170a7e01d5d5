using Ftgo.Gateway.Routing;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Ftgo.Gateway.Resilience;

/// <summary>
/// Sends a request a second time after the first answer was held back: to the other side (a failed
/// new-side read answered from legacy, or a request the monolith refused as moved — its flags were a
/// moment ahead of the gateway's — sent to the new side), or to another node of the same side when the
/// first node could not even be connected to (killed, restarting: the request never reached it, so
/// sending it elsewhere cannot apply it twice). The held-back answer is cleared and the request (its body
/// rewound) goes through the route's own transforms, to a node its cluster counts as available.
/// </summary>
internal sealed class FallbackForwarder(IHttpForwarder forwarder, IProxyStateLookup proxyState)
{
    private int _turn;

    /// <summary>
    /// When the proxied node refused the connection and another node of its cluster is available, sends the
    /// request there; true when it did. The gateway's own response headers are kept.
    /// </summary>
    public async Task<bool> RetryOnAnotherNodeAsync(HttpContext http)
    {
        if (http.Response.HasStarted || http.GetForwarderErrorFeature() is not
            { Error: ForwarderError.Request, Exception: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } })
        {
            return false;
        }
        var proxy = http.GetReverseProxyFeature();
        var failed = proxy.ProxiedDestination;
        var others = proxyState.TryGetCluster(proxy.Cluster.Config.ClusterId, out var cluster)
            ? cluster.DestinationsState.AvailableDestinations.Where(d => d != failed).ToList()
            : [];
        if (others.Count == 0 || (http.Request.ContentLength is > 0 && !http.Request.Body.CanSeek))
        {
            return false;
        }
        var kept = http.Response.Headers.ToList();
        Reset(http);
        foreach (var (name, value) in kept)
        {
            http.Response.Headers[name] = value;
        }
        var node = others[(int)((uint)Interlocked.Increment(ref _turn) % others.Count)];
        await forwarder.SendAsync(http, node.Model.Config.Address, proxy.Cluster.HttpClient,
            proxy.Cluster.Config.HttpRequest ?? ForwarderRequestConfig.Empty, http.GetRouteModel().Transformer);
        return true;
    }

    public Task ForwardToLegacyAsync(HttpContext http)
    {
        http.Request.Headers.Authorization = default;
        return ForwardAsync(http, Services.Legacy, OriginHeader.Legacy);
    }

    /// <summary>To the new service; the caller has bridged the session to its token already.</summary>
    public Task ForwardToNewSideAsync(HttpContext http, string service) => ForwardAsync(http, service, OriginHeader.For(service));

    private async Task ForwardAsync(HttpContext http, string clusterId, Microsoft.Extensions.Primitives.StringValues origin)
    {
        Reset(http);
        http.Response.Headers[OriginHeader.Name] = origin;
        if (!proxyState.TryGetCluster(clusterId, out var cluster) || cluster.Destinations.IsEmpty)
        {
            http.Response.StatusCode = StatusCodes.Status502BadGateway;
            return;
        }
        var destination = NodeOf(cluster);
        await forwarder.SendAsync(http, destination.Model.Config.Address, cluster.Model.HttpClient,
            cluster.Model.Config.HttpRequest ?? ForwarderRequestConfig.Empty, http.GetRouteModel().Transformer);
    }

    /// <summary>Clears the held-back answer and its error, and rewinds the request's body, for the request to be sent again.</summary>
    private static void Reset(HttpContext http)
    {
        http.Response.Clear();
        http.Features.Set<IForwarderErrorFeature>(null);
        if (http.Request.Body.CanSeek)
        {
            http.Request.Body.Position = 0;
        }
    }

    /// <summary>The base URL of a node of the service's cluster, in turn among those available; null before the proxy knows it.</summary>
    public string? NodeOf(string service) =>
        proxyState.TryGetCluster(service, out var cluster) && !cluster.Destinations.IsEmpty ? NodeOf(cluster).Model.Config.Address : null;

    /// <summary>A node of the cluster, in turn among those available (all of them when none is).</summary>
    private DestinationState NodeOf(ClusterState cluster)
    {
        var available = cluster.DestinationsState.AvailableDestinations;
        var nodes = available.Count > 0 ? available : cluster.Destinations.Values.ToList();
        return nodes[(int)((uint)Interlocked.Increment(ref _turn) % nodes.Count)];
    }
}
