using Ftgo.Hosting.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Ftgo.Cli.ThroughApi;

/// <summary>
/// The service tokens the gateway would forward, signed with the gateway's own keys (<c>Ftgo:Auth:KeyFolder</c>,
/// as the gateway reads it): a service must answer this command as it answers the gateway. A token is
/// issued again once half its lifetime has passed, so a long run never sends an expired one.
/// </summary>
internal sealed class ServiceTokens : IDisposable
{
    private const string Username = "ftgo-verify";
    private readonly ServiceKeyRing _keys;
    private readonly ServiceTokenIssuer _issuer;
    private readonly TimeSpan _renewAfter;
    private readonly Dictionary<string, (string Token, DateTime Issued)> _issued = [];
    private readonly Lock _lock = new();

    private ServiceTokens(ServiceKeyRing keys, ServiceTokenOptions options)
    {
        _keys = keys;
        _issuer = new ServiceTokenIssuer(Options.Create(options), keys, TimeProvider.System);
        _renewAfter = options.Lifetime / 2;
    }

    public static ServiceTokens From(IConfiguration configuration)
    {
        var options = configuration.GetSection(ServiceTokenOptions.Section).Get<ServiceTokenOptions>() ?? new ServiceTokenOptions();
        var folder = options.KeyFolderIn(configuration);
        // Checked first: the key ring would create the folder, and this command must never make a key of its own.
        if (!Directory.Exists(folder) || Directory.GetFiles(folder, "*.pem").Length == 0)
        {
            throw new ArgumentException($"there is no signing key in {folder}: set Ftgo:Auth:KeyFolder to the gateway's key folder " +
                                        "(a service accepts only tokens the gateway's keys sign).");
        }
        return new ServiceTokens(new ServiceKeyRing(folder, createIfEmpty: false, publishedFile: null, NullLogger.Instance), options);
    }

    /// <summary>A valid token for <paramref name="service"/> (its audience).</summary>
    public string For(string service)
    {
        lock (_lock)
        {
            var now = DateTime.UtcNow;
            if (!_issued.TryGetValue(service, out var issued) || now - issued.Issued > _renewAfter)
            {
                _issued[service] = issued = (_issuer.Issue(service, Username, consumerId: null, roles: []), now);
            }
            return issued.Token;
        }
    }

    public void Dispose() => _keys.Dispose();
}
