namespace Ftgo.Cli.Demo;

/// <summary>
/// The demo's load balancer: each request goes to the next gateway replica in turn (its path and query
/// kept), and every replica's share is counted for the report. The session cookie is valid on each, since
/// every replica resolves it with the monolith.
/// </summary>
internal sealed class RoundRobin(IReadOnlyList<Uri> replicas)
{
    private readonly long[] _requests = new long[replicas.Count];
    private long _next = -1;

    public IReadOnlyList<Uri> Replicas => replicas;

    /// <summary>Requests sent to each replica so far, in the order of <see cref="Replicas"/>.</summary>
    public IReadOnlyList<long> Requests => Enumerable.Range(0, _requests.Length).Select(i => Interlocked.Read(ref _requests[i])).ToList();

    /// <summary>A handler that sends each request to the next replica, over <paramref name="inner"/>.</summary>
    public HttpMessageHandler Handler(HttpMessageHandler inner) => new Spreading(this, inner);

    private Uri Next(Uri requested)
    {
        var index = (int)(Interlocked.Increment(ref _next) % replicas.Count);
        Interlocked.Increment(ref _requests[index]);
        return new Uri(replicas[index], requested.PathAndQuery);
    }

    private sealed class Spreading(RoundRobin balancer, HttpMessageHandler inner) : DelegatingHandler(inner)
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken ct)
        {
            request.RequestUri = balancer.Next(request.RequestUri!);
            return base.SendAsync(request, ct);
        }
    }
}
