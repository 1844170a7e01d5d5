namespace Ftgo.Comparison.Capture;

/// <summary>
/// Written when the gateway opens a capture file and again whenever the group's comparison rules
/// change: the exchanges that follow were compared under these rules, and a replay uses them too.
/// </summary>
public sealed record CaptureHeader : CaptureLine
{
    /// <summary><see cref="CaptureFormat.Version"/>.</summary>
    public required string Format { get; init; }

    /// <summary>The route group recorded.</summary>
    public required string Group { get; init; }

    /// <summary>When the gateway (re)opened the file or the rules changed.</summary>
    public DateTimeOffset StartedAt { get; init; }

    /// <summary>The group's shadow comparison rules (<c>Ftgo:Gateway:Groups:{group}:Shadow</c>) in force.</summary>
    public required ComparisonRulesOptions Rules { get; init; }

    /// <summary>JSON paths whose values were replaced by <see cref="CaptureFormat.Redacted"/> in recorded bodies; a replay ignores them.</summary>
    public IReadOnlyList<string> RedactedBodyPaths { get; init; } = [];

    /// <summary>Bodies longer than this were cut and marked truncated.</summary>
    public int MaxBodyBytes { get; init; }
}
