using System.Diagnostics;
using System.Net.Http.Json;
using System.Text.Json.Nodes;

namespace Ftgo.Control.Benchmarks;

/// <summary>
/// Changes a stage through the first replica while clients keep every replica busy, and times, for each change
/// and each other replica, the first reply routed under the new version after the write was answered.
/// </summary>
internal static class Propagation
{
    private const int ClientsPerReplica = 4;

    public static async Task<IReadOnlyList<double>> MeasureAsync(Fleet fleet, int changes)
    {
        var replicas = fleet.Urls.Count;
        var seen = new SeenVersions(replicas);
        using var stop = new CancellationTokenSource();
        var load = Enumerable.Range(0, replicas).SelectMany(r => Enumerable.Range(0, ClientsPerReplica).Select(_ => LoadAsync(fleet.Urls[r], r, seen, stop.Token))).ToList();
        using var admin = new HttpClient { BaseAddress = new Uri(fleet.Urls[0]) };
        admin.DefaultRequestHeaders.Authorization = new("Bearer", Fleet.AdminToken);
        var delays = new List<double>();
        var stages = new[] { "dualwrite", "shadow" };
        // One change every 300 ms at most, as operators and runbooks make them: paced, not a burst.
        using var pace = new PeriodicTimer(TimeSpan.FromMilliseconds(300));
        for (var i = 0; i < changes; i++)
        {
            var version = (await admin.GetFromJsonAsync<JsonArray>("/_strangler/groups"))![0]!["flagsVersion"]!.GetValue<long>();
            var response = await admin.PostAsJsonAsync("/_strangler/groups/delivery/stage",
                new { stage = stages[i % 2], expectedVersion = version, reason = "propagation benchmark" });
            var answered = Stopwatch.GetTimestamp();
            var written = (await response.EnsureSuccessStatusCode().Content.ReadFromJsonAsync<JsonObject>())!["flagsVersion"]!.GetValue<long>();
            if (!await seen.WaitAsync(written, Enumerable.Range(1, replicas - 1), TimeSpan.FromSeconds(10)))
            {
                throw new TimeoutException($"version {written} did not reach every replica within 10 s");
            }
            delays.AddRange(Enumerable.Range(1, replicas - 1).Select(r => Math.Max(0, Stopwatch.GetElapsedTime(answered, seen.FirstSeen(r, written)!.Value).TotalMilliseconds)));
            await pace.WaitForNextTickAsync();
        }
        await stop.CancelAsync();
        await Task.WhenAll(load);
        return delays;
    }

    private static async Task LoadAsync(string url, int replica, SeenVersions seen, CancellationToken ct)
    {
        using var client = new HttpClient { BaseAddress = new Uri(url) };
        while (!ct.IsCancellationRequested)
        {
            try
            {
                using var response = await client.GetAsync("/couriers/15", ct);
                if (response.Headers.TryGetValues("X-Ftgo-Flags-Version", out var values) && long.TryParse(values.First(), out var version))
                {
                    seen.Saw(replica, version, Stopwatch.GetTimestamp());
                }
            }
            catch (Exception e) when (e is HttpRequestException or OperationCanceledException)
            {
            }
        }
    }

    /// <summary>Per replica, when each version was first seen on a reply; a waiter is woken at each new one.</summary>
    private sealed class SeenVersions(int replicas)
    {
        private readonly Dictionary<long, long>[] _first = Enumerable.Range(0, replicas).Select(_ => new Dictionary<long, long>()).ToArray();
        private readonly long[] _highest = new long[replicas];
        private readonly SemaphoreSlim _news = new(0);

        /// <summary>Waits until every one of <paramref name="replicas"/> has shown <paramref name="version"/>, or the timeout passes.</summary>
        public async Task<bool> WaitAsync(long version, IEnumerable<int> replicas, TimeSpan timeout)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            var waiting = replicas.ToList();
            while (waiting.Any(r => FirstSeen(r, version) is null))
            {
                var left = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), deadline);
                if (left <= TimeSpan.Zero || !await _news.WaitAsync(left))
                {
                    return false;
                }
            }
            return true;
        }

        public void Saw(int replica, long version, long at)
        {
            lock (_first[replica])
            {
                for (var v = _highest[replica] + 1; v <= version; v++)
                {
                    _first[replica][v] = at;
                }
                if (version > _highest[replica])
                {
                    _highest[replica] = version;
                    _news.Release();
                }
            }
        }

        public long? FirstSeen(int replica, long version)
        {
            lock (_first[replica])
            {
                return _first[replica].TryGetValue(version, out var at) ? at : null;
            }
        }
    }
}
