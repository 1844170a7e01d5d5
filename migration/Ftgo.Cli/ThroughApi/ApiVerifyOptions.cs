namespace Ftgo.Cli.ThroughApi;

/// <summary>What <c>ftgo verify &lt;group&gt; --through-api</c> was asked to do.</summary>
internal sealed record ApiVerifyOptions
{
    public required string Group { get; init; }

    /// <summary>Compare only this many aggregates of each kind, drawn at random with <see cref="Seed"/>; null: all of them.</summary>
    public int? Sample { get; init; }

    public int Seed { get; init; }

    /// <summary>Requests in flight at once, on each side.</summary>
    public int Concurrency { get; init; } = 8;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>An answer longer than this is not compared.</summary>
    public int MaxBodyBytes { get; init; } = 16 * 1024 * 1024;
}
