using Ftgo.Stages;

namespace Ftgo.Gateway.Routing;

/// <summary>What the gateway decided for one request of a route group; the transforms read it.</summary>
internal sealed class RequestDecision(RouteBinding binding, MigrationStage stage, Side side, bool isRead)
{
    public RouteBinding Binding { get; } = binding;

    /// <summary>The stage of this request's cohort.</summary>
    public MigrationStage Stage { get; } = stage;

    /// <summary>The side the request is sent to now (a fallback moves it to legacy).</summary>
    public Side Side { get; set; } = side;

    public bool IsRead { get; } = isRead;

    /// <summary>
    /// A read at live or rampdown sent to the new side: a failure there is answered from legacy, which the
    /// new side's events keep current. At complete the monolith refuses the group's reads (410).
    /// </summary>
    public bool FallbackEligible => IsRead && (Stage is MigrationStage.Live or MigrationStage.RampDown) && Side == Side.New
                                    && !Binding.Group.Topology.NewOnly;

    /// <summary>Set by the response transform when the new side answered 5xx to a fallback-eligible read.</summary>
    public bool NewSideFailed { get; set; }

    /// <summary>Set by the response transform when the monolith refused the request as moved (<see cref="MovedHeader"/>).</summary>
    public bool LegacyMoved { get; set; }
}
