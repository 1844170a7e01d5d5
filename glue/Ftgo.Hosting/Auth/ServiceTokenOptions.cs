namespace Ftgo.Hosting.Auth;

/// <summary>
/// The short-lived token the gateway forwards to the extracted services (book 13.3.3), bound
/// from <c>Ftgo:Auth</c>. The gateway signs it; each service validates it.
/// </summary>
public sealed record ServiceTokenOptions
{
    public const string Section = "Ftgo:Auth";

    /// <summary>
    /// HMAC-SHA256 key, base64, at least 32 bytes; the same in the gateway and the services. When it
    /// is not set, every process reads (or, first, creates) the key file <c>service-token.key</c> in
    /// <c>Ftgo:DataFolder</c>, so processes sharing a data folder need no setup. Set it in production.
    /// </summary>
    public string SigningKey { get; init; } = "";

    public string Issuer { get; init; } = "ftgo-gateway";

    public string Audience { get; init; } = "ftgo-services";

    /// <summary>How long a forwarded token is valid.</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>Why the configured key cannot be used, or null when it can (or is not set).</summary>
    internal string? Problem() => SigningKey.Length == 0 ? null : Decode(SigningKey) is null
        ? "Ftgo:Auth:SigningKey must be base64 of at least 32 bytes, and the same in the gateway and the services."
        : null;

    internal static byte[]? Decode(string base64)
    {
        try
        {
            var key = Convert.FromBase64String(base64.Trim());
            return key.Length >= 32 ? key : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
