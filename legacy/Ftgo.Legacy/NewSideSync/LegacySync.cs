using Ftgo.Glue.Acl;
using Ftgo.Hosting.Problems;
using Ftgo.Legacy.Common;
using Ftgo.Legacy.Data;
using Ftgo.Legacy.Delivery;
using Ftgo.Legacy.Messaging;
using Ftgo.Legacy.Orders;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using Wolverine;

namespace Ftgo.Legacy.NewSideSync;

/// <summary>
/// What every glue handler does to the legacy tables (new → legacy sync), in one place:
/// <list type="bullet">
/// <item>finds the order the event is about (an order the monolith does not have is an error: the
/// message ends in the error queue after its retries, with the reason);</item>
/// <item>applies the new side's facts through the anti-corruption layer, <b>forward only</b>: the
/// order's state never goes back, a time already known is kept, a cancelled order takes no fact — so
/// a redelivered or older event changes nothing;</item>
/// <item>commits under the new side's origin (<see cref="SyncOrigin"/>), so that CDC does not copy the
/// change back to the side it came from, and hands what the seams enqueued to the handler's outbox.</item>
/// </list>
/// The client rules of the legacy API (readyBy in the future, a courier available) do not apply: the
/// new service already decided. Every handler also names <see cref="LegacyDbContext"/> among its
/// parameters: that is what has Wolverine run it inside that context's transaction, the same context
/// (one scope per message) this class and the seams use.
/// </summary>
public sealed class LegacySync(LegacyDbContext db, LegacyOutbox outbox, ILogger<LegacySync> log)
{
    public async Task<Order> OrderAsync(long orderId, object fact, CancellationToken ct) =>
        await db.Orders.Include(o => o.LineItems).FirstOrDefaultAsync(o => o.Id == orderId, ct)
        ?? throw new InvalidOperationException(
            $"Order {orderId} is not in the legacy tables, so {fact.GetType().Name} cannot be applied to it.");

    /// <summary>Whether the order can still take facts from the new side; logs why not.</summary>
    public bool Accepts(Order order, object fact)
    {
        if (order.State != OrderState.Cancelled)
        {
            return true;
        }
        log.LogWarning("Order {OrderId} is CANCELLED in the monolith; {Fact} from the new side is not applied", order.Id, fact);
        return false;
    }

    /// <summary>
    /// Applies what <paramref name="translate"/> (an ACL translator) makes of the order, forward only.
    /// Returns whether the order row changed (its version is then bumped).
    /// </summary>
    public bool Apply(Order order, object fact, Func<LegacyOrderRow, LegacyOrderRow> translate)
    {
        if (!Accepts(order, fact))
        {
            return false;
        }
        var current = OrderRows.From(order);
        var next = translate(current);
        // The same ranking as the CDC applier's forward-only merge in the other direction (ACL).
        var state = StateProgression.LegacyOrder.Forward(current.State, next.State);
        var changed = order.Synchronise(
            OrderStates.Parse(state),
            current.ReadyBy ?? next.ReadyBy,
            current.AcceptTime ?? next.AcceptTime,
            current.PreparingTime ?? next.PreparingTime,
            current.ReadyForPickupTime ?? next.ReadyForPickupTime,
            current.PickedUpTime ?? next.PickedUpTime,
            current.DeliveredTime ?? next.DeliveredTime,
            next.AssignedCourierId);
        if (!changed)
        {
            log.LogDebug("{Fact} changes nothing on order {OrderId} (already applied, or older than what it holds)", fact, order.Id);
        }
        return changed;
    }

    /// <summary>
    /// Schedules the order's delivery through the stage-routed seam, as the monolith's accept does. With
    /// no courier available in the monolith the acceptance stands (it is the Kitchen service's fact)
    /// and the order waits without a courier; that is logged.
    /// </summary>
    public async Task ScheduleDeliveryAsync(Order order, IDeliveryService delivery, CancellationToken ct)
    {
        try
        {
            await delivery.ScheduleDeliveryAsync(order, order.ReadyBy!.Value, ct);
        }
        catch (ConflictException e) when (e.Code == InProcessDeliveryService.NoCourierAvailable)
        {
            log.LogWarning("Order {OrderId} was accepted by the Kitchen service but no courier is available in the monolith; " +
                           "it stays ACCEPTED without a courier", order.Id);
        }
    }

    /// <summary>
    /// The courier with this id, or — when the monolith has never seen it (registered on the Delivery
    /// service) — a placeholder with that id, so that the order can show its courier and its actions.
    /// </summary>
    public async Task<Courier> CourierAsync(long courierId, bool availableIfNew, CancellationToken ct)
    {
        if (await db.Couriers.FirstOrDefaultAsync(c => c.Id == courierId, ct) is { } courier)
        {
            return courier;
        }
        log.LogWarning("Courier {CourierId} is unknown to the monolith (registered on the Delivery service); " +
                       "adding it by id with a placeholder name and address", courierId);
        courier = Courier.KnownOnlyById(courierId, availableIfNew);
        db.Couriers.Add(courier);
        return courier;
    }

    /// <summary>
    /// Whether a fact at <paramref name="version"/> of the aggregate's <paramref name="stream"/> is newer than
    /// every one applied so far, and records it as applied (committed with the handler's changes). A version of
    /// 0 (a sender that does not stamp one) is always applied.
    /// </summary>
    public async Task<bool> NewerAsync(string stream, long aggregateId, int version, CancellationToken ct)
    {
        if (version <= 0)
        {
            return true;
        }
        if (await db.AppliedVersions.FindAsync([stream, aggregateId], ct) is { } applied)
        {
            return applied.Advance(version);
        }
        db.AppliedVersions.Add(new AppliedVersion(stream, aggregateId, version));
        return true;
    }

    /// <summary>
    /// A courier registered on the Delivery service: added with its id, name and address, or — when an
    /// event about its work came first — the placeholder is filled in. A courier already registered
    /// (a redelivery) is left as it is.
    /// </summary>
    public async Task RegisterCourierAsync(long courierId, PersonName name, Address address, bool available, CancellationToken ct)
    {
        if (await db.Couriers.FirstOrDefaultAsync(c => c.Id == courierId, ct) is not { } courier)
        {
            courier = new Courier(name, address, courierId);
            courier.SetAvailable(available);
            db.Couriers.Add(courier);
        }
        else if (courier.IsPlaceholder)
        {
            courier.Register(name, address);
        }
    }

    /// <summary>
    /// Saves the handler's changes declaring <paramref name="origin"/> (<see cref="SyncOrigin.Kitchen"/>
    /// or <see cref="SyncOrigin.Delivery"/>) for the writes, then hands the messages the seams enqueued
    /// to the handler's outbox. Wolverine's transaction middleware commits both with the inbox mark.
    /// </summary>
    public async Task CommitAsync(string origin, IMessageContext bus, CancellationToken ct)
    {
        if (db.ChangeTracker.HasChanges())
        {
            var owned = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(ct) : null;
            var transaction = db.Database.CurrentTransaction!.GetDbTransaction();
            var connection = db.Database.GetDbConnection();
            await SyncOrigin.DeclareAsync(connection, transaction, origin, ct);
            // A courier id the Delivery service gave is inserted as it is and moves no generator: the
            // ranges are disjoint (CourierIdRange), and the monolith's own ids stay below the service's.
            await db.SaveChangesAsync(ct);
            await SyncOrigin.EndAsync(connection, transaction, ct);
            if (owned is not null)
            {
                await owned.CommitAsync(ct);
                await owned.DisposeAsync();
            }
        }
        await outbox.FlushToAsync(bus);
    }
}
