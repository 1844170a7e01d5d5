using System.Net.Sockets;

namespace Ftgo.Cli.Demo;

/// <summary>
/// The demo's load balancer: each request goes to the next gateway replica in turn (its path and query
/// kept), and every replica's share is counted for the report. A replica that refuses the connection (it is
/// down) is passed over for the next one, as a load balancer does: the request never reached it. The session
/// cookie is valid on each, since every replica resolves it with the monolith.
/// It also checks that no answer was decided on an older flags version than every replica had already run on
/// when the request was sent (<see cref="FleetVersion"/>, kept up to date by the demo).
/// </summary>
internal sealed class RoundRobin(IReadOnlyList<Uri> replicas)
{
    private readonly long[] _requests = new long[replicas.Count];
    private long _next = -1;
    private long _fleetVersion;
    private long _stale;
    private long _passedOver;

    public IReadOnlyList<Uri> Replicas => replicas;

    /// <summary>Requests answered by each replica so far, in the order of <see cref="Replicas"/>.</summary>
    public IReadOnlyList<long> Requests => Enumerable.Range(0, _requests.Length).Select(i => Interlocked.Read(ref _requests[i])).ToList();

    /// <summary>The lowest flags version the live replicas route on, as last read; a request sent after it must be decided on it or a later one.</summary>
    public long FleetVersion
    {
        get => Interlocked.Read(ref _fleetVersion);
        set => Interlocked.Exchange(ref _fleetVersion, Math.Max(Interlocked.Read(ref _fleetVersion), value));
    }

    /// <summary>Answers decided on a flags version older than <see cref="FleetVersion"/> when their request was sent: must stay 0.</summary>
    public long Stale => Interlocked.Read(ref _stale);

    /// <summary>Requests sent on to the next replica because one refused the connection.</summary>
    public long PassedOver => Interlocked.Read(ref _passedOver);

    /// <summary>A handler that sends each request to the next replica in turn (<paramref name="spread"/>), or to the first that is up, over <paramref name="inner"/>.</summary>
    public HttpMessageHandler Handler(HttpMessageHandler inner, bool spread = true) => new Spreading(this, inner, spread);

    private sealed class Spreading(RoundRobin balancer, HttpMessageHandler inner, bool spread) : DelegatingHandler(inner)
    {
        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            var replicas = balancer.Replicas;
            var first = spread ? (int)(Interlocked.Increment(ref balancer._next) % replicas.Count) : 0;
            var path = request.RequestUri!.PathAndQuery;
            for (var tried = 0; ; tried++)
            {
                var index = (first + tried) % replicas.Count;
                request.RequestUri = new Uri(replicas[index], path);
                var floor = balancer.FleetVersion;
                try
                {
                    var response = await base.SendAsync(request, ct);
                    if (spread)
                    {
                        Interlocked.Increment(ref balancer._requests[index]);
                    }
                    if (response.Headers.TryGetValues("X-Ftgo-Flags-Version", out var values) && long.TryParse(values.First(), out var version)
                                                                                               && version < floor)
                    {
                        Interlocked.Increment(ref balancer._stale);
                    }
                    return response;
                }
                catch (HttpRequestException e) when (e.InnerException is SocketException { SocketErrorCode: SocketError.ConnectionRefused }
                                                     && tried + 1 < replicas.Count)
                {
                    Interlocked.Increment(ref balancer._passedOver);
                }
            }
        }
    }
}
