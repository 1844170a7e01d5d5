using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;

namespace Ftgo.Gateway.Routing;

/// <summary>
/// YARP's routes and clusters, built from the topology: one cluster per backend, one route per group
/// route (to legacy, or to the new service for a new-only group), and a catch-all to legacy. A backend of
/// several nodes is one cluster of several destinations, taken in turn, each probed on <c>/healthz</c> every
/// <see cref="HealthInterval"/> and left out while it fails (or while its connections fail). A new
/// topology is published as a new immutable config, and the old one's change token fires: YARP swaps
/// them atomically for new requests, as its own <c>InMemoryConfigProvider.Update</c> does.
/// </summary>
internal sealed class StranglerProxyConfigProvider : IProxyConfigProvider
{
    public const string GroupMetadataKey = "ftgo.group";

    /// <summary>How often each node of a backend of several is probed.</summary>
    public static readonly TimeSpan HealthInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How long a node whose connections failed is left out before it is tried again. YARP waits for the longer
    /// of this and the failure-rate window (60 s by default), so the gateway sets that window to it too.
    /// </summary>
    public static readonly TimeSpan PassiveReactivation = TimeSpan.FromSeconds(5);

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
            Clusters = Services.All.Select(service => (Service: service, Nodes: options.NodesOf(service))).Select(backend => new ClusterConfig
            {
                ClusterId = backend.Service,
                Destinations = Destinations(backend.Service, backend.Nodes),
                // One node: every request goes to it, as to a single backend. Several: taken in turn, and a node
                // that fails its health probes or its connections is left out until it answers again.
                LoadBalancingPolicy = backend.Nodes.Count > 1 ? LoadBalancingPolicies.RoundRobin : null,
                HealthCheck = backend.Nodes.Count > 1 ? NodeHealth : null,
                HttpRequest = new ForwarderRequestConfig
                {
                    Version = System.Net.HttpVersion.Version11,
                    VersionPolicy = HttpVersionPolicy.RequestVersionOrLower,
                    ActivityTimeout = backend.Service == Services.Legacy ? null : options.NewSideTimeout,
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

        private static readonly HealthCheckConfig NodeHealth = new()
        {
            Active = new ActiveHealthCheckConfig
            {
                Enabled = true, Interval = HealthInterval, Timeout = HealthInterval, Policy = HealthCheckConstants.ActivePolicy.ConsecutiveFailures,
                Path = "/healthz",
            },
            Passive = new PassiveHealthCheckConfig
            {
                Enabled = true, Policy = HealthCheckConstants.PassivePolicy.TransportFailureRate, ReactivationPeriod = PassiveReactivation,
            },
        };

        /// <summary>One destination per node: named after the service alone when it has one node, <c>kitchen-2</c> when several.</summary>
        private static Dictionary<string, DestinationConfig> Destinations(string service, IReadOnlyList<string> nodes) =>
            nodes.Select((url, i) => (Id: nodes.Count == 1 ? service : $"{service}-{i + 1}", url))
                .ToDictionary(n => n.Id, n => new DestinationConfig { Address = n.url });

        public IReadOnlyList<RouteConfig> Routes { get; }

        public IReadOnlyList<ClusterConfig> Clusters { get; }

        public IChangeToken ChangeToken { get; }

        public void Signal() => _changed.Cancel();
    }
}
