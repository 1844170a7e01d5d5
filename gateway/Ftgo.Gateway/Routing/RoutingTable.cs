using System.Collections.Frozen;
using Ftgo.Stages;

namespace Ftgo.Gateway.Routing;

/// <summary>
/// What a request needs to be routed: the topology joined with one flags snapshot. A request reads
/// the current table once, so a flag or configuration change is seen whole or not at all.
/// </summary>
internal sealed class RoutingTable
{
    public RoutingTable(GatewayTopology topology, FlagsSnapshot flags)
    {
        Topology = topology;
        Flags = flags;
        FlagsVersion = flags.Version.ToString(System.Globalization.CultureInfo.InvariantCulture);
        Groups = topology.Groups.ToFrozenDictionary(g => g.Key, g => new GroupState(g.Value, flags.Rollout(g.Key)),
            StringComparer.Ordinal);
        Routes = topology.Routes.ToFrozenDictionary(r => r.Key, r => new RouteBinding(r.Value, Groups[r.Value.Group.Name]),
            StringComparer.Ordinal);
    }

    public GatewayTopology Topology { get; }

    public FlagsSnapshot Flags { get; }

    /// <summary>The flags version as the <c>X-Ftgo-Flags-Version</c> header carries it (formatted once per table, not per request).</summary>
    public Microsoft.Extensions.Primitives.StringValues FlagsVersion { get; }

    public FrozenDictionary<string, GroupState> Groups { get; }

    public FrozenDictionary<string, RouteBinding> Routes { get; }
}

/// <summary>A group with its flags.</summary>
internal sealed record GroupState(GroupTopology Topology, GroupRollout Rollout)
{
    public string Name => Topology.Name;
}

/// <summary>A route with its group's flags.</summary>
internal sealed record RouteBinding(RouteTopology Route, GroupState Group);
