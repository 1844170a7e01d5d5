namespace Ftgo.Gateway.Routing;

/// <summary>How a request of a group split by partition found its partition (a tag of <c>ftgo.gateway.partition.lookups</c>).</summary>
public enum PartitionOutcome
{
    /// <summary>The route carries it (<c>{restaurantId}</c>).</summary>
    Route,

    /// <summary>The order's partition was in the cache.</summary>
    Hit,

    /// <summary>Not cached: the monolith was asked, and answered.</summary>
    Miss,

    /// <summary>The monolith holds no such order (or the route names none): no cohort, legacy answers as it always did.</summary>
    Unknown,

    /// <summary>The monolith did not answer in time, or answered an error: the request is refused 503, retryably.</summary>
    Failed,
}

public static class PartitionOutcomes
{
    public static string ToWire(this PartitionOutcome outcome) => outcome switch
    {
        PartitionOutcome.Route => "route",
        PartitionOutcome.Hit => "hit",
        PartitionOutcome.Miss => "miss",
        PartitionOutcome.Unknown => "unknown",
        _ => "failed",
    };
}
