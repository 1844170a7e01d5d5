using Ftgo.Glue.Acl;
using Ftgo.Stages;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Routing;

/// <summary>
/// Holds the current <see cref="RoutingTable"/> and swaps it, whole, when the flags or the gateway's
/// configuration change. An invalid configuration change is refused (logged) and the table in force stays.
/// </summary>
internal sealed class RoutingTableSource : IDisposable
{
    private readonly IMigrationFlags _flags;
    private readonly ILogger<RoutingTableSource> _log;
    private readonly IDisposable? _optionsSubscription;
    private readonly CourierIdRange _couriers;
    private readonly Lock _gate = new();
    private volatile RoutingTable _current;

    public RoutingTableSource(IMigrationFlags flags, IOptionsMonitor<GatewayOptions> options, IConfiguration configuration,
        ILogger<RoutingTableSource> log)
    {
        _flags = flags;
        _log = log;
        _couriers = CourierIdRange.Parse(configuration[CourierIdRange.StartKey]);
        _current = new RoutingTable(GatewayTopology.Build(options.CurrentValue, _couriers), flags.Current);
        flags.Changed += OnFlagsChanged;
        _optionsSubscription = options.OnChange(OnOptionsChanged);
    }

    public RoutingTable Current => _current;

    /// <summary>Raised after the topology (routes, backends) changed; flag changes do not raise it.</summary>
    public event Action<GatewayTopology>? TopologyChanged;

    public void Dispose()
    {
        _flags.Changed -= OnFlagsChanged;
        _optionsSubscription?.Dispose();
    }

    private void OnFlagsChanged(FlagsSnapshot snapshot)
    {
        lock (_gate)
        {
            // Newer only, as snapshots may arrive out of order; but a gateway that started on no valid flags
            // (the empty snapshot, version 0) takes the first valid document even when that one says version 0.
            if (snapshot.Version > _current.Flags.Version
                || (ReferenceEquals(_current.Flags, FlagsSnapshot.Empty) && !ReferenceEquals(snapshot, FlagsSnapshot.Empty)))
            {
                _current = new RoutingTable(_current.Topology, snapshot);
            }
        }
    }

    private void OnOptionsChanged(GatewayOptions options)
    {
        GatewayTopology topology;
        try
        {
            topology = GatewayTopology.Build(options, _couriers);
        }
        catch (InvalidOperationException e)
        {
            _log.LogError("Refused a change of Ftgo:Gateway; the routes in force stay: {Error}", e.Message);
            return;
        }
        lock (_gate)
        {
            _current = new RoutingTable(topology, _flags.Current);
        }
        TopologyChanged?.Invoke(topology);
    }
}
