using System.Collections.Concurrent;

namespace Ftgo.Gateway.Decommission;

/// <summary>The legacy answers one replica counted for one route of a group since a time: how many, and the last one's time.</summary>
internal sealed record LegacyRouteCount(string Route, long Answers, DateTimeOffset LastAt);

/// <summary>
/// The answers the monolith gave to a group's routes, counted by this replica per route and per second for
/// <see cref="Retention"/> (the proof before <c>complete</c> asks "did legacy answer anything of this group lately").
/// Seconds, not a running total, so that any window inside the retention can be asked.
/// </summary>
internal sealed class LegacyAnswers(TimeProvider clock)
{
    /// <summary>How far back a window may reach.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromHours(1);

    private readonly ConcurrentDictionary<(string Group, string Route), RouteSeconds> _routes = new();

    /// <summary>Counts one legacy answer to <paramref name="route"/> (its <c>METHODS path</c> key) of <paramref name="group"/>.</summary>
    public void Record(string group, string route)
    {
        var now = clock.GetUtcNow();
        _routes.GetOrAdd((group, route), _ => new RouteSeconds()).Add(now, now - Retention);
    }

    /// <summary>Per route of <paramref name="group"/> with an answer after <paramref name="since"/>: how many, and when the last was.</summary>
    public IReadOnlyList<LegacyRouteCount> Since(string group, DateTimeOffset since) => _routes
        .Where(r => r.Key.Group == group)
        .Select(r => r.Value.Since(r.Key.Route, since))
        .OfType<LegacyRouteCount>()
        .ToList();

    /// <summary>Every (group, route, second) with answers in a second at or after <paramref name="from"/>, for the control store.</summary>
    public IReadOnlyList<(string Group, string Route, DateTimeOffset Second, long Answers, DateTimeOffset LastAt)> SecondsFrom(DateTimeOffset from) =>
        _routes.SelectMany(r => r.Value.From(from).Select(s => (r.Key.Group, r.Key.Route, s.Second, s.Answers, s.LastAt))).ToList();

    /// <summary>One route's answers per second (Unix seconds → count, last time), oldest trimmed as new ones come.</summary>
    private sealed class RouteSeconds
    {
        private readonly SortedDictionary<long, (long Answers, DateTimeOffset LastAt)> _seconds = [];

        public void Add(DateTimeOffset at, DateTimeOffset oldest)
        {
            lock (_seconds)
            {
                var second = at.ToUnixTimeSeconds();
                if (_seconds.TryGetValue(second, out var s))
                {
                    // The same second as the last answer: nothing can have aged out since (the hot path at off, every legacy answer).
                    _seconds[second] = (s.Answers + 1, at);
                    return;
                }
                _seconds[second] = (1, at);
                while (_seconds.Count > 0 && _seconds.First().Key < oldest.ToUnixTimeSeconds())
                {
                    _seconds.Remove(_seconds.First().Key);
                }
            }
        }

        public LegacyRouteCount? Since(string route, DateTimeOffset since)
        {
            lock (_seconds)
            {
                var inWindow = _seconds.Where(s => s.Value.LastAt > since).ToList();
                return inWindow.Count == 0 ? null : new LegacyRouteCount(route, inWindow.Sum(s => s.Value.Answers), inWindow.Max(s => s.Value.LastAt));
            }
        }

        public List<(DateTimeOffset Second, long Answers, DateTimeOffset LastAt)> From(DateTimeOffset from)
        {
            lock (_seconds)
            {
                return _seconds.Where(s => s.Key >= from.ToUnixTimeSeconds())
                    .Select(s => (DateTimeOffset.FromUnixTimeSeconds(s.Key), s.Value.Answers, s.Value.LastAt)).ToList();
            }
        }
    }
}
