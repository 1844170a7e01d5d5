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
    private readonly ConcurrentDictionary<string, ClientPast> _pasts = new(StringComparer.Ordinal);

    public SyncToken Of(string client)
    {
        if (!_pasts.TryGetValue(client, out var past))
        {
            return SyncToken.Empty;
        }
        lock (past)
        {
            return past.Current(clock.GetUtcNow(), options.Value.Remember);
        }
    }

    public void Add(string client, SyncToken written)
    {
        if (written.IsEmpty)
        {
            return;
        }
        var now = clock.GetUtcNow();
        if (_pasts.Count >= MaxClients)
        {
            foreach (var (key, stale) in _pasts.Where(p => Of(p.Key).IsEmpty))
            {
                _pasts.TryRemove(new KeyValuePair<string, ClientPast>(key, stale));
            }
        }
        var past = _pasts.GetOrAdd(client, _ => new ClientPast());
        lock (past)
        {
            past.Add(written, now);
        }
    }
}
