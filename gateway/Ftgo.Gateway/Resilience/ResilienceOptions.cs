namespace Ftgo.Gateway.Resilience;

/// <summary>The circuit breaker in front of each new service, bound from <c>Ftgo:Gateway:Resilience</c>.</summary>
public sealed record ResilienceOptions
{
    public const string Section = "Ftgo:Gateway:Resilience";

    /// <summary>Share of failed calls (5xx, refused connections) in the sampling period that opens the circuit.</summary>
    public double FailureRatio { get; init; } = 0.5;

    /// <summary>No decision on fewer calls than this in the sampling period.</summary>
    public int MinimumThroughput { get; init; } = 10;

    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long an open circuit refuses calls before it lets one through to try.</summary>
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the auto-rollback looks at each group's window.</summary>
    public TimeSpan RollbackCheckInterval { get; init; } = TimeSpan.FromMilliseconds(200);
}
