using Ftgo.Gateway.Routing;
using Ftgo.Stages;

namespace Ftgo.Gateway.Telemetry;

/// <summary>
/// The strangler's decision as a log scope (<c>Group</c>, <c>Stage</c>, <c>Side</c>) around the rest of a group
/// request, so that every line logged meanwhile (YARP's proxy errors, the session check, the circuit breaker) says
/// which group and stage it was about; the request itself is named by ASP.NET Core's scope (RequestId, RequestPath).
/// Only when the console shows scopes (<c>Logging:Console:FormatterOptions:IncludeScopes</c>): otherwise a scope
/// is an allocation per request that no line would show.
/// </summary>
internal sealed class RequestLogScope(ILogger<RequestLogScope> log, IConfiguration configuration)
{
    private readonly bool _on = configuration.GetValue<bool>("Logging:Console:FormatterOptions:IncludeScopes");

    public IDisposable? Begin(RequestDecision decision) => _on
        ? log.BeginScope(new Dictionary<string, object?>
        {
            ["Group"] = decision.Binding.Group.Name,
            ["Stage"] = decision.Stage.ToWire(),
            ["Side"] = decision.Side == Side.New ? "new" : "legacy",
        })
        : null;
}
