using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Ftgo.Hosting.Auth;

/// <summary>
/// The gateway's signing keys: every EC P-256 private key in <see cref="ServiceTokenOptions.KeyFolder"/>,
/// the last by file name signing. Re-read when the folder changes, so a key is rotated without a restart.
/// Each load also writes the public key set to the data folder, for services that read it from there.
/// Only the gateway holds these keys; nothing else can mint a token a service accepts.
/// </summary>
public sealed class ServiceKeyRing : IDisposable
{
    private readonly string _folder;
    private readonly string? _publishedFile;
    private readonly ILogger _log;
    private readonly FileSystemWatcher? _watcher;
    private volatile Keys _keys;

    /// <param name="createIfEmpty">Create a key when the folder has none (the development default).</param>
    /// <param name="publishedFile">Where to write the public key set on each load; null: nowhere.</param>
    public ServiceKeyRing(string folder, bool createIfEmpty, string? publishedFile, ILogger log)
    {
        _folder = folder;
        _publishedFile = publishedFile;
        _log = log;
        Directory.CreateDirectory(folder);
        if (createIfEmpty && KeyFiles().Length == 0)
        {
            Create(folder);
            log.LogWarning("Ftgo:Auth:KeyFolder is not set: service tokens are signed with a development key created in {Folder}. " +
                           "Give the gateway a key folder of its own in production.", folder);
        }
        _keys = Load();
        _watcher = new FileSystemWatcher(folder, "*.pem") { NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite };
        _watcher.Created += (_, _) => Reload();
        _watcher.Deleted += (_, _) => Reload();
        _watcher.Renamed += (_, _) => Reload();
        _watcher.Changed += (_, _) => Reload();
        _watcher.EnableRaisingEvents = true;
    }

    /// <summary>The key that signs now.</summary>
    public ECDsaSecurityKey Signing => _keys.Signing;

    /// <summary>The public halves of every key, as a JSON Web Key Set.</summary>
    public string PublicKeySet => _keys.PublicSet;

    /// <summary>Creates a key file in <paramref name="folder"/> (owner read-write only) and returns its path.</summary>
    public static string Create(string folder)
    {
        Directory.CreateDirectory(folder);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var path = Path.Combine(folder, $"{DateTime.UtcNow:yyyyMMdd'T'HHmmssfff'Z'}-{Guid.NewGuid():N}.pem");
        using (var stream = new FileStream(path, FileMode.CreateNew, FileAccess.Write))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(key.ExportPkcs8PrivateKeyPem());
        }
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        return path;
    }

    /// <summary>The key id: the RFC 7638 thumbprint of its public key.</summary>
    public static string KeyId(ECDsa key)
    {
        var jwk = JsonWebKeyConverter.ConvertFromECDsaSecurityKey(new ECDsaSecurityKey(ECDsa.Create(key.ExportParameters(false))));
        return Base64UrlEncoder.Encode(jwk.ComputeJwkThumbprint());
    }

    public void Dispose() => _watcher?.Dispose();

    private string[] KeyFiles() => Directory.GetFiles(_folder, "*.pem").Order(StringComparer.Ordinal).ToArray();

    private void Reload()
    {
        try
        {
            _keys = Load();
            _log.LogInformation("Service token keys re-read from {Folder}: signing with {KeyId}", _folder, _keys.Signing.KeyId);
        }
        catch (Exception e) when (e is IOException or CryptographicException or ArgumentException or InvalidOperationException)
        {
            // A file half written, or a folder emptied by mistake: the keys in force stay until it is whole again.
            _log.LogError("Service token keys in {Folder} could not be read; the keys in force stay: {Error}", _folder, e.Message);
        }
    }

    private Keys Load()
    {
        var keys = new List<ECDsaSecurityKey>();
        foreach (var file in KeyFiles())
        {
            var ecdsa = ECDsa.Create();
            ecdsa.ImportFromPem(File.ReadAllText(file));
            if (ecdsa.KeySize != 256)
            {
                throw new InvalidOperationException($"{file} is not a P-256 key (ES256 needs one).");
            }
            keys.Add(new ECDsaSecurityKey(ecdsa) { KeyId = KeyId(ecdsa) });
        }
        if (keys.Count == 0)
        {
            throw new InvalidOperationException(
                $"No signing key in {_folder}: put an EC P-256 private key there as a PEM file (openssl ecparam -name prime256v1 -genkey -noout | openssl pkcs8 -topk8 -nocrypt).");
        }
        var set = new { keys = keys.Select(PublicJwk).ToList() };
        var publicSet = JsonSerializer.Serialize(set);
        if (_publishedFile is not null)
        {
            var temporary = _publishedFile + ".tmp";
            File.WriteAllText(temporary, publicSet);
            File.Move(temporary, _publishedFile, overwrite: true);
        }
        return new Keys(keys[^1], publicSet);
    }

    private static Dictionary<string, string> PublicJwk(ECDsaSecurityKey key)
    {
        var parameters = key.ECDsa.ExportParameters(false);
        return new Dictionary<string, string>
        {
            ["kty"] = "EC",
            ["crv"] = "P-256",
            ["x"] = Base64UrlEncoder.Encode(parameters.Q.X),
            ["y"] = Base64UrlEncoder.Encode(parameters.Q.Y),
            ["kid"] = key.KeyId,
            ["use"] = "sig",
            ["alg"] = SecurityAlgorithms.EcdsaSha256,
        };
    }

    private sealed record Keys(ECDsaSecurityKey Signing, string PublicSet);
}
