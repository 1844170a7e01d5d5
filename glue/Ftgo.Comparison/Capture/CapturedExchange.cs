namespace Ftgo.Comparison.Capture;

/// <summary>
/// A read that the shadow comparison copied to both sides: the request as the client sent it (secrets
/// redacted) and both answers, with the verdict the gateway reached.
/// </summary>
public sealed record CapturedExchange : CaptureLine
{
    /// <summary>When the client's answer was complete.</summary>
    public DateTimeOffset At { get; init; }

    /// <summary>The route group.</summary>
    public required string Group { get; init; }

    /// <summary>The group's stage for this request: <c>shadow</c> or <c>live</c>.</summary>
    public string? Stage { get; init; }

    /// <summary>Which side answered the client (<c>legacy</c>, <c>kitchen</c>, <c>delivery</c>).</summary>
    public string? Primary { get; init; }

    /// <summary>The HTTP method (reads only: <c>GET</c>).</summary>
    public required string Method { get; init; }

    /// <summary>Path and query of the legacy contract, as the client asked.</summary>
    public required string Path { get; init; }

    /// <summary>Path and query the new side was asked, when its API differs (<c>NewPath</c> of the route).</summary>
    public string? NewPath { get; init; }

    /// <summary>The request headers the copy carries (<c>Accept</c>, <c>Cookie</c>), secrets redacted.</summary>
    public IReadOnlyDictionary<string, string> RequestHeaders { get; init; } = new Dictionary<string, string>();

    /// <summary>The monolith's answer.</summary>
    public required CapturedAnswer Legacy { get; init; }

    /// <summary>The new service's answer.</summary>
    public required CapturedAnswer New { get; init; }

    /// <summary>Whether the gateway found them the same.</summary>
    public bool Matched { get; init; }

    /// <summary>The differing JSON paths the gateway found.</summary>
    public IReadOnlyList<string> Differences { get; init; } = [];

    /// <summary>Why the gateway could not compare them, if it could not.</summary>
    public string? Error { get; init; }

    /// <summary>
    /// How the verdict was reached when the first pair differed: <c>converged</c> (both sides read again after
    /// the group's delay matched: replication lag; <see cref="Matched"/> is true), <c>confirmed</c> (they still
    /// differed) — in both cases <see cref="Legacy"/>, <see cref="New"/> and <see cref="Differences"/> are the
    /// re-read's — or <c>unconfirmed</c> (no room to wait for a re-read; the first pair, counted as a mismatch).
    /// Absent: judged on the first pair.
    /// </summary>
    public string? Confirmation { get; init; }

    /// <summary>The differing JSON paths of the first pair, when it was read again (<see cref="Confirmation"/>).</summary>
    public IReadOnlyList<string>? FirstDifferences { get; init; }
}
