using System.Collections.Concurrent;
using Ftgo.Gateway.Routing;

namespace Ftgo.Gateway.Resilience;

/// <summary>
/// HTTP clients for the gateway's own calls to the backends (shadow copies, health): one per
/// backend, the new services' behind the same circuit breaker as the proxied requests.
/// </summary>
internal sealed class BackendClients(CircuitBreakers breakers) : IDisposable
{
    private readonly ConcurrentDictionary<string, HttpClient> _clients = new(StringComparer.Ordinal);

    public HttpClient For(string service) => _clients.GetOrAdd(service, s =>
    {
        var handler = new SocketsHttpHandler
        {
            UseCookies = false,
            UseProxy = false,
            AllowAutoRedirect = false,
            ConnectTimeout = TimeSpan.FromSeconds(5),
            PooledConnectionLifetime = TimeSpan.FromMinutes(5),
        };
        HttpMessageHandler outer = Services.NewSide.Contains(s)
            ? new CircuitBreakerHandler(breakers.For(s)) { InnerHandler = handler }
            : handler;
        return new HttpClient(outer) { Timeout = Timeout.InfiniteTimeSpan };
    });

    public void Dispose()
    {
        foreach (var client in _clients.Values)
        {
            client.Dispose();
        }
    }
}
