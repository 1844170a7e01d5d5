using System.Collections.Concurrent;
using System.Data.Common;
using System.Diagnostics;
using Ftgo.Legacy.Orders;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Ftgo.Extraction.Benchmarks;

/// <summary>
/// Timestamps the monolith's commits, seen by an EF Core interceptor on its own context: the commit
/// that accepted an order without a courier (the accept request, which sent <c>ScheduleDelivery</c>)
/// and the commit that gave it its courier (the glue handler of <c>CourierScheduledForDelivery</c>).
/// </summary>
public sealed class CommitClock : DbTransactionInterceptor
{
    private readonly ConcurrentDictionary<long, long> _accepted = new();
    private readonly ConcurrentDictionary<long, long> _courierApplied = new();

    public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken ct = default)
    {
        var now = Stopwatch.GetTimestamp();
        if (eventData.Context is { } context)
        {
            foreach (var entry in context.ChangeTracker.Entries<Order>())
            {
                var order = entry.Entity;
                if (order is { State: OrderState.Accepted, AssignedCourierId: null })
                {
                    _accepted.TryAdd(order.Id, now);
                }
                else if (order.AssignedCourierId is not null)
                {
                    _courierApplied.TryAdd(order.Id, now);
                }
            }
        }
        return Task.CompletedTask;
    }

    /// <summary>From the first accept's commit to the last courier's commit of these orders.</summary>
    public TimeSpan Span(IEnumerable<long> orders)
    {
        var done = orders.Where(o => _accepted.ContainsKey(o) && _courierApplied.ContainsKey(o)).ToList();
        return done.Count == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(done.Min(o => _accepted[o]), done.Max(o => _courierApplied[o]));
    }

    public bool Completed(long orderId) => _courierApplied.ContainsKey(orderId);

    /// <summary>From the accept's commit to the courier's commit, for every order that has both.</summary>
    public IReadOnlyList<TimeSpan> Latencies(IEnumerable<long> orders) =>
        orders.Where(o => _accepted.ContainsKey(o) && _courierApplied.ContainsKey(o))
            .Select(o => Stopwatch.GetElapsedTime(_accepted[o], _courierApplied[o]))
            .ToList();
}
