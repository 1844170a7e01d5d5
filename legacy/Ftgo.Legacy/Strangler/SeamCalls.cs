using System.Collections.Concurrent;

namespace Ftgo.Legacy.Strangler;

/// <summary>One moved seam operation's calls answered in process since a time (at most <see cref="SeamCalls.Kept"/> are kept), and the last one's time.</summary>
public sealed record SeamCallCount(string Group, string Operation, long Calls, DateTimeOffset? LastAt);

/// <summary>
/// Calls of the moved operations of the old in-process seams (<c>IKitchenService</c>, <c>IDeliveryService</c>) that this
/// monolith instance still answered in process: the third half of the decommission check. Only the operations a group
/// took over are counted (accept, preparing, ready; schedule, picked up, delivered); creating and cancelling an order's
/// ticket or delivery stays the monolith's own bookkeeping and always runs in process.
/// </summary>
public sealed class SeamCalls(TimeProvider clock)
{
    /// <summary>How many call times are kept per operation: a count since a time is exact up to this many.</summary>
    public const int Kept = 1000;

    private readonly ConcurrentDictionary<(string Group, string Operation), Queue<DateTimeOffset>> _calls = new();

    public DateTimeOffset StartedAt { get; } = clock.GetUtcNow();

    public void InProcess(string group, string operation)
    {
        var times = _calls.GetOrAdd((group, operation), _ => new Queue<DateTimeOffset>());
        lock (times)
        {
            times.Enqueue(clock.GetUtcNow());
            if (times.Count > Kept)
            {
                times.Dequeue();
            }
        }
    }

    /// <summary>Every operation of <paramref name="group"/> (all groups when null) called in process, with its calls after <paramref name="since"/>.</summary>
    public IReadOnlyList<SeamCallCount> Since(string? group, DateTimeOffset since) => _calls
        .Where(c => group is null || c.Key.Group == group)
        .Select(c =>
        {
            lock (c.Value)
            {
                var recent = c.Value.Where(t => t > since).ToList();
                return new SeamCallCount(c.Key.Group, c.Key.Operation, recent.Count, c.Value.Count == 0 ? null : c.Value.Last());
            }
        })
        .OrderBy(c => c.Group, StringComparer.Ordinal).ThenBy(c => c.Operation, StringComparer.Ordinal)
        .ToList();
}
