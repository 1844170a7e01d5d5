using System.Security.Cryptography;
using Ftgo.Hosting.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Ftgo.Hosting.Auth;

/// <summary>
/// The signing key of the service token: <c>Ftgo:Auth:SigningKey</c> when set, otherwise the
/// development key file <c>service-token.key</c> in the data folder, created by whichever process
/// needs it first. Processes that share the folder (the demo, a developer's machine) agree on it.
/// </summary>
public sealed class ServiceTokenKey
{
    public const string FileName = "service-token.key";

    private ServiceTokenKey(byte[] key) => Key = new SymmetricSecurityKey(key);

    public SymmetricSecurityKey Key { get; }

    /// <summary>The configured key; throws when it is missing or malformed.</summary>
    public static ServiceTokenKey FromConfigured(ServiceTokenOptions options) =>
        new(ServiceTokenOptions.Decode(options.SigningKey)
            ?? throw new InvalidOperationException(options.Problem() ?? "Ftgo:Auth:SigningKey is not set."));

    /// <summary>The configured key, or else the development key file of the data folder.</summary>
    public static ServiceTokenKey Resolve(IOptions<ServiceTokenOptions> options, IConfiguration configuration, ILogger log)
    {
        if (options.Value.SigningKey.Length > 0)
        {
            return FromConfigured(options.Value);
        }
        var file = Path.Combine(FtgoStorage.DataFolder(configuration), FileName);
        log.LogWarning("Ftgo:Auth:SigningKey is not set: service tokens are signed with the development key in {File}. " +
            "Set the same key in the gateway and every service in production.", file);
        return new ServiceTokenKey(ReadOrCreate(file));
    }

    private static byte[] ReadOrCreate(string file)
    {
        try
        {
            // CreateNew: when two processes start together, exactly one writes the key.
            using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write);
            var key = RandomNumberGenerator.GetBytes(32);
            using var writer = new StreamWriter(stream);
            writer.Write(Convert.ToBase64String(key));
            return key;
        }
        catch (IOException) when (File.Exists(file))
        {
            // The other process may still be writing: wait until the file holds a whole key.
            var deadline = DateTime.UtcNow.AddSeconds(5);
            while (true)
            {
                if (ServiceTokenOptions.Decode(File.ReadAllText(file)) is { } key)
                {
                    return key;
                }
                if (DateTime.UtcNow > deadline)
                {
                    throw new InvalidOperationException($"The key file {file} does not hold a base64 key of at least 32 bytes.");
                }
                Thread.Sleep(20);
            }
        }
    }
}
