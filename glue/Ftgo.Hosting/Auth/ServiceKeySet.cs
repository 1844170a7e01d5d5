using Microsoft.Extensions.Logging;
using Microsoft.IdentityModel.Tokens;

namespace Ftgo.Hosting.Auth;

/// <summary>
/// A service's copy of the gateway's public keys (<see cref="ServiceTokenOptions.Keys"/>: a URL or a file
/// holding a JSON Web Key Set). Read at the first token, and again when a token names a key it does not
/// hold — one read at a time, at most four a second, a token that needs a read sooner waiting for it — so
/// the gateway can start signing with a new key at any moment and no request fails. When the set cannot be read, the keys held so far stay, and a token
/// with an unknown key is refused naming the source and the error.
/// </summary>
public sealed class ServiceKeySet(string source, ILogger log)
{
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private static readonly TimeSpan MinimumBetweenReads = TimeSpan.FromMilliseconds(250);
    private readonly SemaphoreSlim _reading = new(1, 1);
    private volatile IReadOnlyList<SecurityKey> _keys = [];
    // Real time, not the host's TimeProvider: a test's frozen clock must not hold a read back for ever.
    private long? _lastRead;

    public string Source { get; } = source;

    /// <summary>The keys held now.</summary>
    public IReadOnlyList<SecurityKey> Keys => _keys;

    /// <summary>Why the last read failed, or null.</summary>
    public string? LastError { get; private set; }

    /// <summary>Makes sure <paramref name="keyId"/> is held, reading the set again if it is not and the last read is a second old.</summary>
    public async ValueTask EnsureAsync(string? keyId, CancellationToken ct)
    {
        if (keyId is null || Holds(keyId))
        {
            return;
        }
        await _reading.WaitAsync(ct);
        try
        {
            if (Holds(keyId))
            {
                return;
            }
            // Reads are 250 ms apart at least; a token that needs one sooner waits for it rather than fail
            // (the key it names may have been published a moment after the last read).
            var wait = _lastRead is { } last ? MinimumBetweenReads - System.Diagnostics.Stopwatch.GetElapsedTime(last) : TimeSpan.Zero;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, ct);
            }
            _lastRead = System.Diagnostics.Stopwatch.GetTimestamp();
            try
            {
                var json = Uri.TryCreate(Source, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
                    ? await Http.GetStringAsync(uri, ct)
                    : await File.ReadAllTextAsync(Source, ct);
                _keys = new JsonWebKeySet(json).GetSigningKeys().ToList();
                LastError = null;
                log.LogInformation("Read the gateway's {Count} public key(s) from {Source}", _keys.Count, Source);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or UnauthorizedAccessException or ArgumentException
                                          or TaskCanceledException && !ct.IsCancellationRequested)
            {
                LastError = e.Message;
                log.LogWarning("The gateway's public keys could not be read from {Source}: {Error}", Source, e.Message);
            }
        }
        finally
        {
            _reading.Release();
        }
    }

    private bool Holds(string keyId) => _keys.Any(k => k.KeyId == keyId);
}
