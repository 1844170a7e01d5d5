using System.Diagnostics;
using Ftgo.Gateway.Routing;
using Ftgo.Stages;

namespace Ftgo.Gateway.Telemetry;

/// <summary>
/// Why a request went where it went, as attributes of its server span (ASP.NET Core's activity): group, stage,
/// percent at live, the side its cohort landed on, the flags version, and afterwards fallback and shadow copy.
/// Only for a recorded span: an unsampled request pays one check. ASP.NET Core starts an activity for every request
/// while logging is on, traced or not; with no tracer it is not recorded, and tags on it would go nowhere.
/// </summary>
internal static class RequestSpan
{
    public static void Decided(RequestDecision decision, Microsoft.Extensions.Primitives.StringValues flagsVersion)
    {
        if (Activity.Current is not { Recorded: true, IsAllDataRequested: true } span)
        {
            return;
        }
        var group = decision.Binding.Group;
        span.SetTag("ftgo.group", group.Name);
        span.SetTag("ftgo.stage", decision.Stage.ToWire());
        span.SetTag("ftgo.percent", group.Rollout.Percent);
        span.SetTag("ftgo.side", decision.Side == Side.New ? "new" : "legacy");
        span.SetTag("ftgo.flags_version", flagsVersion.ToString());
        span.SetTag("ftgo.route", decision.Binding.Route.RouteId);
    }

    public static void Answered(RequestDecision decision, string origin, bool fellBack, bool shadowed)
    {
        if (Activity.Current is not { Recorded: true, IsAllDataRequested: true } span)
        {
            return;
        }
        span.SetTag("ftgo.origin", origin);
        span.SetTag("ftgo.answered_side", decision.Side == Side.New ? "new" : "legacy");
        span.SetTag("ftgo.fallback", fellBack);
        span.SetTag("ftgo.shadow", shadowed);
    }
}
