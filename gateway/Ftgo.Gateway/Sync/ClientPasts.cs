using System.Collections.Concurrent;
using Ftgo.Hosting.Sync;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Sync;

/// <summary>
/// Per client, the writes it made lately on either side of the seam (<see cref="SyncToken"/>), each
/// remembered for <see cref="ClientSyncOptions.Remember"/>: long enough for CDC and the bus to carry it, shorter
/// than a service keeps a handled message's mark. The client is its legacy session cookie. A cache of this
/// replica, for a client that keeps its session cookie but not the <see cref="ClientPast"/> cookie; one that
/// keeps both carries its past to any replica.
/// </summary>
internal sealed class ClientPasts(IOptions<ClientSyncOptions> options, TimeProvider clock)
{
    private const int MaxClients = 100_000;
    private readonly ConcurrentDictionary<string, Past> _pasts = new(StringComparer.Ordinal);

    public SyncToken Of(string client) =>
        _pasts.TryGetValue(client, out var past) ? past.Current(clock.GetUtcNow()) : SyncToken.Empty;

    public void Add(string client, SyncToken written)
    {
        if (written.IsEmpty)
        {
            return;
        }
        var now = clock.GetUtcNow();
        if (_pasts.Count >= MaxClients)
        {
            foreach (var (key, stale) in _pasts.Where(p => p.Value.Current(now).IsEmpty))
            {
                _pasts.TryRemove(new KeyValuePair<string, Past>(key, stale));
            }
        }
        _pasts.GetOrAdd(client, _ => new Past(options.Value.Remember)).Add(written, now);
    }

    /// <summary>One client's entries with the time each was written.</summary>
    private sealed class Past(TimeSpan remember)
    {
        private (long Position, DateTimeOffset At) _cdc;
        private readonly List<(SyncMessage Message, DateTimeOffset At)> _messages = [];

        public SyncToken Current(DateTimeOffset now)
        {
            lock (_messages)
            {
                _messages.RemoveAll(m => now - m.At > remember);
                var cdc = now - _cdc.At > remember ? 0 : _cdc.Position;
                return new SyncToken(cdc, _messages.Select(m => m.Message).ToList());
            }
        }

        public void Add(SyncToken written, DateTimeOffset now)
        {
            lock (_messages)
            {
                if (written.Cdc > 0 && written.Cdc >= _cdc.Position)
                {
                    _cdc = (written.Cdc, now);
                }
                foreach (var message in written.Messages.Where(m => _messages.All(known => known.Message != m)))
                {
                    _messages.Add((message, now));
                }
                if (_messages.Count > SyncToken.MaxMessages)
                {
                    _messages.RemoveRange(0, _messages.Count - SyncToken.MaxMessages);
                }
            }
        }
    }
}
