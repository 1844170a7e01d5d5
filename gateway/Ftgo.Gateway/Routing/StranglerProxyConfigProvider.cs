using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;

namespace Ftgo.Gateway.Routing;

/// <summary>
/// YARP's routes and clusters, built from the topology: one cluster per backend, one route per group
/// route (to legacy, or to the new service for a new-only group), and a catch-all to legacy. A new
/// topology is published as a new immutable config, and the old one's change token fires: YARP swaps
/// them atomically for new requests, as its own <c>InMemoryConfigProvider.Update</c> does.
/// </summary>
internal sealed class StranglerProxyConfigProvider : IProxyConfigProvider
{
    public const string GroupMetadataKey = "ftgo.group";

    private volatile Snapshot _snapshot;

    public StranglerProxyConfigProvider(RoutingTableSource tables)
    {
        _snapshot = new Snapshot(tables.Current.Topology);
        tables.TopologyChanged += topology =>
        {
            var previous = _snapshot;
            _snapshot = new Snapshot(topology);
            previous.Signal();
        };
    }

    public IProxyConfig GetConfig() => _snapshot;

    private sealed class Snapshot : IProxyConfig
    {
        private readonly CancellationTokenSource _changed = new();

        public Snapshot(GatewayTopology topology)
        {
            var options = topology.Options;
            Clusters = Services.All.Select(service => new ClusterConfig
            {
                ClusterId = service,
                Destinations = new Dictionary<string, DestinationConfig>
                {
                    [service] = new() { Address = options.BaseUrlOf(service)! },
                },
                HttpRequest = new ForwarderRequestConfig
                {
                    Version = System.Net.HttpVersion.Version11,
                    VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
                    ActivityTimeout = service == Services.Legacy ? null : options.NewSideTimeout,
                },
            }).ToList();
            var routes = topology.Routes.Values.OrderBy(r => r.RouteId, StringComparer.Ordinal).Select(route => new RouteConfig
            {
                RouteId = route.RouteId,
                ClusterId = route.Group.NewOnly ? route.Group.Service : Services.Legacy,
                Order = 0,
                Match = new RouteMatch
                {
                    Path = route.Path,
                    Methods = route.Methods.Count > 0 ? route.Methods : null,
                },
                Metadata = new Dictionary<string, string> { [GroupMetadataKey] = route.Group.Name },
            }).ToList();
            routes.Add(new RouteConfig
            {
                RouteId = GatewayTopology.CatchAllRouteId,
                ClusterId = Services.Legacy,
                Order = int.MaxValue,
                Match = new RouteMatch { Path = "/{**catch-all}" },
            });
            Routes = routes;
            ChangeToken = new CancellationChangeToken(_changed.Token);
        }

        public IReadOnlyList<RouteConfig> Routes { get; }

        public IReadOnlyList<ClusterConfig> Clusters { get; }

        public IChangeToken ChangeToken { get; }

        public void Signal() => _changed.Cancel();
    }
}
