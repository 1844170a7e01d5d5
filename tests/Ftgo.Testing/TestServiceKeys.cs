using Ftgo.Hosting.Auth;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ftgo.Testing;

/// <summary>
/// A gateway's signing keys for a test: a key folder with one ES256 key, the public key set written beside
/// it, the settings that give the gateway the folder and a service the key set, and tokens signed exactly as
/// the gateway signs them (<see cref="ServiceTokenIssuer"/>).
/// </summary>
public sealed class TestServiceKeys : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), $"ftgo-keys-{Guid.NewGuid():N}");

    public TestServiceKeys()
    {
        KeyFolder = Path.Combine(_root, "keys");
        KeySetFile = Path.Combine(_root, "jwks.json");
        ServiceKeyRing.Create(KeyFolder);
        Ring = new ServiceKeyRing(KeyFolder, createIfEmpty: false, KeySetFile, NullLogger.Instance);
    }

    /// <summary>The gateway's folder of private keys (<c>Ftgo:Auth:KeyFolder</c>).</summary>
    public string KeyFolder { get; }

    /// <summary>The public key set a service reads (<c>Ftgo:Auth:Keys</c>).</summary>
    public string KeySetFile { get; }

    public ServiceKeyRing Ring { get; }

    /// <summary>For a gateway: sign with these keys.</summary>
    public IReadOnlyDictionary<string, string?> GatewaySettings => new Dictionary<string, string?> { ["Ftgo:Auth:KeyFolder"] = KeyFolder };

    /// <summary>For a service: verify with these keys.</summary>
    public IReadOnlyDictionary<string, string?> ServiceSettings => new Dictionary<string, string?> { ["Ftgo:Auth:Keys"] = KeySetFile };

    /// <summary>A token for <paramref name="audience"/>, as the gateway issues it for a session.</summary>
    public string Issue(string audience, string username = "demo", long? consumerId = 1, IEnumerable<string>? roles = null,
        TimeSpan? lifetime = null, TimeProvider? clock = null) =>
        new ServiceTokenIssuer(Options.Create(new ServiceTokenOptions { Lifetime = lifetime ?? TimeSpan.FromHours(1) }), Ring,
                clock ?? TimeProvider.System)
            .Issue(audience, username, consumerId, roles ?? ["consumer", "restaurant", "courier"]);

    public void Dispose()
    {
        Ring.Dispose();
        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
