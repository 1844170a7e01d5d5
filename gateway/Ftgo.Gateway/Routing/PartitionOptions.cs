namespace Ftgo.Gateway.Routing;

/// <summary>How the gateway finds the partition of a request in a group split by partition (<c>Ftgo:Gateway:Partitions</c>).</summary>
public sealed record PartitionOptions
{
    public const string Section = "Ftgo:Gateway:Partitions";

    /// <summary>How many order → partition answers are kept; the least recently used go first beyond it.</summary>
    public int CacheSize { get; init; } = 100_000;

    /// <summary>How long a lookup may take before the request is refused 503 (retryably).</summary>
    public TimeSpan LookupTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>The <c>Retry-After</c>, in seconds, of the 503 a failed lookup answers.</summary>
    public int RetryAfterSeconds { get; init; } = 1;
}
