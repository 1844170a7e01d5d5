using System.Collections.Frozen;
using Ftgo.Gateway.Routing;
using Microsoft.Extensions.Options;

using Ftgo.Hosting.Sync;

namespace Ftgo.Gateway.Auth;

/// <summary>
/// Removes the headers a client must never set (<see cref="GatewayOptions.StrippedHeaders"/>) from a
/// request before it goes anywhere: identity reaches a backend only as the gateway's service token.
/// The sync token (<see cref="SyncToken.Header"/>) is not identity and passes: it can only make a
/// side wait for writes (see <c>Sync/</c>).
/// </summary>
internal sealed class IdentityHeaders
{
    private readonly FrozenSet<string> _names;
    private readonly string[] _prefixes;

    public IdentityHeaders(IOptions<GatewayOptions> options)
    {
        var configured = options.Value.StrippedHeaders ?? GatewayOptions.DefaultStrippedHeaders;
        _names = configured.Where(h => !h.EndsWith('*')).ToFrozenSet(StringComparer.OrdinalIgnoreCase);
        _prefixes = configured.Where(h => h.EndsWith('*')).Select(h => h.TrimEnd('*')).ToArray();
    }

    public void Strip(IHeaderDictionary headers)
    {
        List<string>? remove = null;
        foreach (var header in headers)
        {
            if ((_names.Contains(header.Key) || StartsWithAny(header.Key))
                && !string.Equals(header.Key, SyncToken.Header, StringComparison.OrdinalIgnoreCase))
            {
                (remove ??= []).Add(header.Key);
            }
        }
        if (remove is not null)
        {
            foreach (var name in remove)
            {
                headers.Remove(name);
            }
        }
    }

    private bool StartsWithAny(string name)
    {
        foreach (var prefix in _prefixes)
        {
            if (name.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }
        return false;
    }
}
