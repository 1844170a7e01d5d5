namespace Ftgo.Cli.Replay;

/// <summary>What <c>ftgo replay</c> was asked to do.</summary>
internal sealed record ReplayOptions
{
    public required Uri Target { get; init; }

    /// <summary>Compare with the recorded new-side answer instead of the legacy one.</summary>
    public bool ExpectNew { get; init; }

    /// <summary>Send the path the new side was asked (its own API) instead of the legacy contract's.</summary>
    public bool NewPaths { get; init; }

    /// <summary>Headers added to every request (the session: secrets were redacted from the capture).</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Headers { get; init; } = [];

    public int Concurrency { get; init; } = 4;

    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A target's body longer than this is not compared.</summary>
    public int MaxBodyBytes { get; init; } = 16 * 1024 * 1024;
}
