namespace Ftgo.Gateway.Capture;

/// <summary>
/// Traffic capture, bound from <c>Ftgo:Gateway:Capture</c>: the reads the shadow comparison copies,
/// with both answers, written as JSON lines for <c>ftgo replay</c>. The admin API switches it at run time.
/// </summary>
public sealed record CaptureOptions
{
    public const string Section = "Ftgo:Gateway:Capture";

    /// <summary>Whether capture is on at start-up (the admin API changes it until the next start).</summary>
    public bool Enabled { get; init; }

    /// <summary>The groups recorded; none means every group whose reads are compared.</summary>
    public IReadOnlyList<string>? Groups { get; init; }

    /// <summary>The folder of the files, one <c>{group}.jsonl</c> per group; default <c>capture</c> in the data folder.</summary>
    public string? Folder { get; init; }

    /// <summary>Each recorded body is cut at this size and marked truncated.</summary>
    public int MaxBodyBytes { get; init; } = 64 * 1024;

    /// <summary>A file stops growing at this size: further exchanges of its group are counted as skipped, not written.</summary>
    public long MaxFileBytes { get; init; } = 64L * 1024 * 1024;

    /// <summary>Exchanges waiting for the writer; beyond it one is dropped and counted, never waited for.</summary>
    public int QueueCapacity { get; init; } = 1024;

    /// <summary>
    /// Header names whose values are replaced by <c>[redacted]</c>, beside the built-in ones (<c>Cookie</c>,
    /// <c>Set-Cookie</c>, <c>Authorization</c>, <c>Proxy-Authorization</c> and any name containing token,
    /// secret, session, password, api-key, auth, signature, csrf or xsrf). Query parameters with such names too.
    /// </summary>
    public IReadOnlyList<string>? RedactHeaders { get; init; }

    /// <summary>JSON paths of body values replaced by <c>[redacted]</c> (and ignored on replay).</summary>
    public IReadOnlyList<string>? RedactBodyPaths { get; init; }

    public static readonly IReadOnlyList<string> DefaultRedactBodyPaths =
        ["$..password", "$..token", "$..accessToken", "$..refreshToken", "$..paymentToken", "$..secret"];
}
