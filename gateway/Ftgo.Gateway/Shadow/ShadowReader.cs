using System.Collections.Concurrent;
using Ftgo.Comparison;
using Ftgo.Gateway.Auth;
using Ftgo.Gateway.Resilience;
using Ftgo.Gateway.Routing;
using Ftgo.Gateway.Telemetry;
using Ftgo.Stages;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Shadow;

/// <summary>One side's answer to a shadow read, with its headers when the exchange is captured.</summary>
internal sealed record SideAnswer(HttpAnswer Answer, IReadOnlyList<KeyValuePair<string, string>>? Headers);

/// <summary>
/// Sends a copied read to one side as the client's request would have gone there (its <c>Accept</c> and
/// <c>Cookie</c>, a service token for a new service, through that service's circuit breaker) and reads
/// the answer up to the body limit. A call that gets no answer in <see cref="ShadowOptions.Timeout"/> throws.
/// </summary>
internal sealed class ShadowReader(BackendClients clients, IOptionsMonitor<GatewayOptions> gateway, IOptions<ShadowOptions> options,
    SessionResolver sessions, AuthBridge bridge, GatewayMetrics metrics, FallbackForwarder fallback)
{
    /// <summary>The service that answers for <paramref name="side"/> in the work's group.</summary>
    public static string ServiceOf(ShadowWork work, Side side) => side == Side.New ? work.Group.Topology.Service : Services.Legacy;

    // Each node's base address parsed once: a copy is made per sampled read, and the nodes are few.
    private readonly ConcurrentDictionary<string, Uri> _nodes = new(StringComparer.Ordinal);

    public async Task<SideAnswer> ReadAsync(ShadowWork work, Side side, bool withHeaders, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(options.Value.Timeout);
        var service = ServiceOf(work, side);
        var node = fallback.NodeOf(service) ?? gateway.CurrentValue.NodesOf(service)[0];
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_nodes.GetOrAdd(node, static n => new Uri(n)), work.PathAndQueryOn(side)));
        if (work.Accept.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Accept", work.Accept);
        }
        if (work.Cookie.Length > 0)
        {
            request.Headers.TryAddWithoutValidation("Cookie", work.Cookie);
        }
        if (side == Side.New && await bridge.TokenForCookieAsync(service, sessions.SessionCookies(work.Cookie), timeout.Token) is { } token)
        {
            request.Headers.TryAddWithoutValidation("Authorization", "Bearer " + token);
        }
        using var response = await clients.For(service).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
        if ((int)response.StatusCode >= 500 && side == Side.New)
        {
            // The breaker counts it too; the comparison still records the difference.
            metrics.NewSideFailed(work.Group.Name, service);
        }
        var answer = await HttpAnswers.ReadAsync(response, options.Value.MaxBodyBytes, timeout.Token);
        var headers = withHeaders
            ? response.Headers.Concat(response.Content.Headers)
                .Select(h => new KeyValuePair<string, string>(h.Key, string.Join(", ", h.Value))).ToList()
            : null;
        return new SideAnswer(answer, headers);
    }
}
