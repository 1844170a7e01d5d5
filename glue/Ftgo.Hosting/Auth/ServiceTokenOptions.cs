using Ftgo.Hosting.Storage;
using Microsoft.Extensions.Configuration;

namespace Ftgo.Hosting.Auth;

/// <summary>
/// The short-lived token the gateway forwards to the extracted services (book 13.3.3), bound from
/// <c>Ftgo:Auth</c>. Only the gateway signs it, with an ES256 key of its own; each service verifies it
/// with the gateway's public keys and accepts only a token minted for itself.
/// </summary>
public sealed record ServiceTokenOptions
{
    public const string Section = "Ftgo:Auth";

    /// <summary>The development key folder and published key set, inside <c>Ftgo:DataFolder</c>.</summary>
    public const string DefaultKeyFolder = "service-keys";
    public const string DefaultKeySetFile = "service-keys.jwks.json";

    /// <summary>
    /// The gateway's: a folder of PEM files, each an EC P-256 private key. The last by name signs; every one
    /// is published (<c>GET /.well-known/jwks.json</c>), so a rotation is: add the new key's file (it signs
    /// from then on, the old one still verifies), then remove the old one once its tokens have expired
    /// (<see cref="Lifetime"/>). Read again when the folder changes. Empty: <c>service-keys</c> in the data
    /// folder, where the gateway creates a key when there is none (development).
    /// </summary>
    public string KeyFolder { get; init; } = "";

    /// <summary>
    /// A service's: where the gateway's public keys are, the URL of its key set
    /// (<c>http://gateway:5000/.well-known/jwks.json</c>) or a file holding one. Read again, at most every
    /// 250 ms, when a token names a key not in it. Empty: <c>service-keys.jwks.json</c> in the data folder,
    /// which the gateway writes (processes that share a data folder need no setup).
    /// </summary>
    public string Keys { get; init; } = "";

    public string Issuer { get; init; } = "ftgo-gateway";

    /// <summary>How long a forwarded token is valid.</summary>
    public TimeSpan Lifetime { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The HMAC key of earlier versions; refused, so that a stale setting is seen at start-up.</summary>
    public string SigningKey { get; init; } = "";

    public string KeyFolderIn(IConfiguration configuration) =>
        KeyFolder.Length > 0 ? Path.GetFullPath(KeyFolder) : Path.Combine(FtgoStorage.DataFolder(configuration), DefaultKeyFolder);

    public string KeysIn(IConfiguration configuration) =>
        Keys.Length > 0 ? Keys : Path.Combine(FtgoStorage.DataFolder(configuration), DefaultKeySetFile);

    /// <summary>Why these options cannot be used, or null.</summary>
    internal string? Problem() => SigningKey.Length > 0
        ? "Ftgo:Auth:SigningKey (a key shared by the gateway and the services) is no longer used: the gateway signs with " +
          "its own ES256 keys (Ftgo:Auth:KeyFolder) and the services verify with its public keys (Ftgo:Auth:Keys). Remove it."
        : Lifetime <= TimeSpan.Zero ? $"Ftgo:Auth:Lifetime must be positive, not {Lifetime}." : null;
}
