using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Ftgo.Gateway.Resilience;
using Ftgo.Gateway.Telemetry;
using Ftgo.Hosting.Json;
using Ftgo.Stages;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Routing;

/// <summary>
/// The partition of a request in a group split by one (<see cref="GroupRollout.PartitionBy"/>): the route's
/// <c>{restaurantId}</c> when it has one, else the restaurant of the route's order (<see cref="RouteTopology.OrderRouteValue"/>),
/// asked of a monolith node (<see cref="PartitionOfOrder.Path"/>) and kept in a bounded cache. An order never
/// changes restaurant, so a cached answer is never stale; an unknown order is not cached (it may be placed next).
/// </summary>
internal sealed class PartitionResolver : IDisposable
{
    public const string HttpClientName = "ftgo-partitions";

    private const string RestaurantRouteValue = "restaurantId";

    private readonly IHttpClientFactory _clients;
    private readonly FallbackForwarder _nodes;
    private readonly GatewayMetrics _metrics;
    private readonly ILogger<PartitionResolver> _log;
    private readonly PartitionOptions _options;
    private readonly MemoryCache _cache;

    public PartitionResolver(IHttpClientFactory clients, FallbackForwarder nodes, GatewayMetrics metrics, IOptions<PartitionOptions> options,
        ILogger<PartitionResolver> log)
    {
        _clients = clients;
        _nodes = nodes;
        _metrics = metrics;
        _log = log;
        _options = options.Value;
        // Size 1 per entry: SizeLimit is the number of orders kept. Beyond it an entry is not added and a compaction
        // (least recently used first) runs in the background: the cache never grows past the bound.
        _cache = new MemoryCache(new MemoryCacheOptions
        {
            SizeLimit = Math.Max(1, _options.CacheSize), CompactionPercentage = 0.1, TrackStatistics = true,
        });
        metrics.Meter.CreateObservableGauge("ftgo.gateway.partition.cache.entries", () => CachedEntries, "{entry}",
            "Order → partition answers kept by the gateway's bounded cache.");
    }

    /// <summary>How many answers the cache holds now.</summary>
    public long CachedEntries => _cache.GetCurrentStatistics()?.CurrentEntryCount ?? _cache.Count;

    /// <summary>The cache's bound.</summary>
    public int CacheSize => Math.Max(1, _options.CacheSize);

    public int RetryAfterSeconds => Math.Max(1, _options.RetryAfterSeconds);

    /// <summary>
    /// The request's partition: <c>(partition, false)</c>; <c>(null, false)</c> when it has none (no such order, a
    /// route about no order): legacy answers it, as it always did; <c>(null, true)</c> when the monolith could not say.
    /// </summary>
    public async ValueTask<(string? Partition, bool Failed)> ResolveAsync(HttpContext http, RouteTopology route, string by)
    {
        if (by != PartitionRules.Restaurant)
        {
            return (null, false); // refused by the flags' validation; never reached
        }
        var group = route.Group.Name;
        var values = http.Request.RouteValues;
        if (values.TryGetValue(RestaurantRouteValue, out var restaurant) && Canonical(restaurant) is { } direct)
        {
            _metrics.PartitionLookedUp(group, PartitionOutcome.Route);
            return (direct, false);
        }
        if (OrderOf(values, route.OrderRouteValue) is not { } order)
        {
            return (null, false);
        }
        if (_cache.TryGetValue(order, out string? cached))
        {
            _metrics.PartitionLookedUp(group, PartitionOutcome.Hit);
            return (cached, false);
        }
        var (partition, failed) = await LookUpAsync(by, order, http.RequestAborted);
        _metrics.PartitionLookedUp(group, failed ? PartitionOutcome.Failed : partition is null ? PartitionOutcome.Unknown : PartitionOutcome.Miss);
        if (partition is not null)
        {
            _cache.Set(order, partition, new MemoryCacheEntryOptions { Size = 1 });
        }
        return (partition, failed);
    }

    private async Task<(string? Partition, bool Failed)> LookUpAsync(string by, long order, CancellationToken aborted)
    {
        if (_nodes.NodeOf(Services.Legacy) is not { } node)
        {
            return (null, true);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(_options.LookupTimeout);
        try
        {
            var uri = new Uri(new Uri(node), PartitionOfOrder.Path(by) + "?order=" + order.ToString(CultureInfo.InvariantCulture));
            using var answer = await _clients.CreateClient(HttpClientName).GetAsync(uri, timeout.Token);
            if (answer.StatusCode == HttpStatusCode.NotFound)
            {
                return (null, false);
            }
            answer.EnsureSuccessStatusCode();
            var body = await answer.Content.ReadFromJsonAsync<PartitionOfOrder>(FtgoJson.Options, timeout.Token);
            return PartitionRules.IsId(body?.Partition) ? (body!.Partition, false) : (null, true);
        }
        catch (Exception e) when (e is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException)
        {
            _log.LogWarning("The {By} of order {Order} could not be read at {Node}: {Message}", by, order, node, e.Message);
            return (null, true);
        }
    }

    private static long? OrderOf(RouteValueDictionary values, string? name) =>
        name is not null && values.TryGetValue(name, out var value)
        && long.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.None, CultureInfo.InvariantCulture, out var id)
            ? id
            : null;

    /// <summary>An id as the lists and the monolith write it (<c>07</c> is <c>7</c>); null when the value is not an id.</summary>
    private static string? Canonical(object? value) =>
        Convert.ToString(value, CultureInfo.InvariantCulture) is { } text
        && long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var id) && id > 0
            ? (PartitionRules.IsId(text) ? text : id.ToString(CultureInfo.InvariantCulture))
            : null;

    public void Dispose() => _cache.Dispose();
}
