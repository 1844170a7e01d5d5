namespace Ftgo.Gateway.Shadow;

/// <summary>The shadow comparison's settings, bound from <c>Ftgo:Gateway:Shadow</c>.</summary>
public sealed record ShadowOptions
{
    public const string Section = "Ftgo:Gateway:Shadow";

    /// <summary>Reads waiting for comparison; beyond it a copy is dropped and counted, never waited for.</summary>
    public int QueueCapacity { get; init; } = 1024;

    /// <summary>How many copies are in flight at once.</summary>
    public int Workers { get; init; } = 4;

    /// <summary>Bodies longer than this are not compared (counted as errors).</summary>
    public int MaxBodyBytes { get; init; } = 1024 * 1024;

    /// <summary>How long the other side may take to answer a copy.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How many mismatches are kept (the oldest go first).</summary>
    public int MismatchCapacity { get; init; } = 200;

    /// <summary>How much of each body a kept mismatch holds.</summary>
    public int MismatchBodyChars { get; init; } = 16 * 1024;
}
