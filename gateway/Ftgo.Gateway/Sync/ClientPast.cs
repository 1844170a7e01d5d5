using System.Globalization;
using Ftgo.Hosting.Sync;

namespace Ftgo.Gateway.Sync;

/// <summary>
/// A client's writes of the last <see cref="ClientSyncOptions.Remember"/>, each with the time it was
/// answered, kept by the client itself in the <see cref="CookieName"/> cookie: whichever gateway replica
/// its next request reaches reads it there, so no replica keeps any client's past in memory. On the wire:
/// entries separated by <c>!</c>, each <c>cdc~&lt;position&gt;~&lt;unix seconds&gt;</c> or
/// <c>&lt;queue&gt;~&lt;message id&gt;~&lt;unix seconds&gt;</c> (cookie-safe characters only).
/// </summary>
internal sealed class ClientPast
{
    // Not safe for concurrent use: a request's cookie is its own; ClientPasts locks the ones it shares.
    public const string CookieName = "ftgo-sync";
    private const string CdcName = "cdc";

    private (long Position, long At) _cdc;
    private readonly List<(SyncMessage Message, long At)> _messages = [];

    public static ClientPast Empty => new();

    public bool IsEmpty => _cdc.Position == 0 && _messages.Count == 0;

    /// <summary>What the client's next request must find applied.</summary>
    public SyncToken Token => new(_cdc.Position, _messages.Select(m => m.Message).ToList());

    /// <summary>What is younger than <paramref name="remember"/> at <paramref name="now"/>; the rest is forgotten.</summary>
    public SyncToken Current(DateTimeOffset now, TimeSpan remember)
    {
        var oldest = (now - remember).ToUnixTimeSeconds();
        _messages.RemoveAll(m => m.At < oldest);
        if (_cdc.At < oldest)
        {
            _cdc = (0, 0);
        }
        return Token;
    }

    /// <summary>
    /// Reads the cookie, without what is older than <paramref name="remember"/>. A cookie that does not parse is
    /// taken as empty: it only ever makes its own client wait, and the next write replaces it.
    /// </summary>
    public static ClientPast Read(string? cookie, DateTimeOffset now, TimeSpan remember)
    {
        var past = new ClientPast();
        var oldest = (now - remember).ToUnixTimeSeconds();
        foreach (var entry in (cookie ?? "").Split('!', StringSplitOptions.RemoveEmptyEntries))
        {
            var fields = entry.Split('~');
            if (fields.Length != 3 || !long.TryParse(fields[2], NumberStyles.None, CultureInfo.InvariantCulture, out var at))
            {
                return new ClientPast();
            }
            if (at < oldest)
            {
                continue;
            }
            if (fields[0] == CdcName && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var position))
            {
                if (position > past._cdc.Position)
                {
                    past._cdc = (position, at);
                }
            }
            else if (SyncToken.TryParse([$"{fields[0]}={fields[1]}"], out var token, out _) && token.Messages.Count == 1)
            {
                past._messages.Add((token.Messages[0], at));
            }
            else
            {
                return new ClientPast();
            }
        }
        return past;
    }

    /// <summary>Adds what a write produced, answered at <paramref name="now"/>; the oldest messages go beyond <see cref="SyncToken.MaxMessages"/>.</summary>
    public void Add(SyncToken written, DateTimeOffset now)
    {
        var at = now.ToUnixTimeSeconds();
        if (written.Cdc > 0 && written.Cdc >= _cdc.Position)
        {
            _cdc = (written.Cdc, at);
        }
        foreach (var message in written.Messages.Where(m => _messages.All(known => known.Message != m)))
        {
            _messages.Add((message, at));
        }
        if (_messages.Count > SyncToken.MaxMessages)
        {
            _messages.RemoveRange(0, _messages.Count - SyncToken.MaxMessages);
        }
    }

    /// <summary>The cookie's value.</summary>
    public override string ToString()
    {
        var entries = new List<string>(_messages.Count + 1);
        if (_cdc.Position > 0)
        {
            entries.Add(string.Create(CultureInfo.InvariantCulture, $"{CdcName}~{_cdc.Position}~{_cdc.At}"));
        }
        entries.AddRange(_messages.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Message.Queue}~{m.Message.Id:N}~{m.At}")));
        return string.Join('!', entries);
    }
}
