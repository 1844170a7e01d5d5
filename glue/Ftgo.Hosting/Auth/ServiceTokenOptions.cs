namespace Ftgo.Hosting.Auth;

/// <summary>
/// The short-lived token the gateway forwards to the extracted services (book 13.3.3), bound
/// from <c>Ftgo:Auth</c>. The gateway signs it; each service validates it.
/// </summary>
public sealed record ServiceTokenOptions
{
    public const string Section = "Ftgo:Auth";

    /// <summary>HMAC-SHA256 key, base64, at least 32 bytes. Must be the same in the gateway and the services.</summary>
    public string SigningKey { get; init; } = "";

    public string Issuer { get; init; } = "ftgo-gateway";

    public string Audience { get; init; } = "ftgo-services";

    /// <summary>How long a forwarded token is valid.</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromMinutes(2);

    internal byte[] KeyBytes()
    {
        byte[] key;
        try
        {
            key = Convert.FromBase64String(SigningKey);
        }
        catch (FormatException)
        {
            throw new InvalidOperationException("Ftgo:Auth:SigningKey must be base64.");
        }
        return key.Length >= 32
            ? key
            : throw new InvalidOperationException("Ftgo:Auth:SigningKey must be at least 32 bytes (base64), and the same in the gateway and the services.");
    }
}
