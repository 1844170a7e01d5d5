namespace Ftgo.Glue.Acl;

/// <summary>
/// The forward-only merge of a set: a courier's plan (<c>delivery.courier_actions</c>) as the CDC
/// applier rewrites it from legacy's image. The plan is a set the Delivery service also writes —
/// during <c>live</c> it plans its own orders, and legacy learns of them from
/// <c>CourierScheduledForDelivery</c>, later — so an image of the courier that legacy wrote before
/// that event reached it lacks the service's actions. Rewritten as it is, it would drop them for
/// good (the glue's write of them into legacy has origin <c>delivery</c>, which CDC does not bring
/// back to Delivery). The rule, the set counterpart of <see cref="ForwardOnly"/>:
/// <list type="bullet">
/// <item>every action of legacy's image is taken, as legacy has it (its value wins on the same key);</item>
/// <item>an action the service wrote (origin <c>delivery</c>) that legacy's image lacks is kept —
/// unless legacy removed it. In FTGO the only removal from a plan is the cancellation of the order
/// (the monolith's <c>CancelDelivery</c> deletes the order's actions, Delivery's <c>Release</c> does
/// the same on its side); so an action is removed when legacy's order is <c>CANCELLED</c>, or
/// deleted;</item>
/// <item>an action CDC wrote (origin <c>legacy</c>) follows legacy's image: it goes when legacy's does.</item>
/// </list>
/// <c>verify</c> still compares the plan with legacy's image as projected: an action the service kept
/// shows as a difference until legacy has it — which is what verify is for — and then the two agree.
/// </summary>
public static class PlanMerge
{
    /// <summary>An action's natural key in a courier's plan: the delivery (order) and PICKUP or DROPOFF.</summary>
    public static (long DeliveryId, string Type) Key(DeliveryCourierActionRow action) => (action.DeliveryId, action.Type);

    /// <summary>
    /// Whether legacy removed an order's actions from plans: the order is <c>CANCELLED</c> in legacy, or
    /// deleted. An order legacy has not shown yet (<paramref name="order"/> null and not deleted) removed nothing.
    /// </summary>
    public static bool RemovedByLegacy(LegacyOrderRow? order, bool deleted) =>
        deleted || order?.State == LegacyOrderStates.Cancelled;

    /// <summary>
    /// The plan after legacy's image <paramref name="legacy"/> meets the <paramref name="stored"/> one
    /// (each action with the origin of its last writer): legacy's actions, plus the service's own
    /// actions legacy lacks and did not remove (<paramref name="removedByLegacy"/>: delivery id →
    /// cancelled or deleted in legacy). Each action comes with the origin it keeps.
    /// </summary>
    public static IReadOnlyList<(T Action, string Origin)> Merge<T>(IReadOnlyList<T> legacy, IEnumerable<(T Action, string? Origin)> stored,
        Func<T, (long DeliveryId, string Type)> key, Func<long, bool> removedByLegacy)
    {
        var merged = legacy.Select(a => (a, SyncOrigin.Legacy)).ToList();
        var taken = legacy.Select(key).ToHashSet();
        foreach (var (action, origin) in stored)
        {
            var k = key(action);
            if (origin == SyncOrigin.Delivery && !removedByLegacy(k.DeliveryId) && taken.Add(k))
            {
                merged.Add((action, SyncOrigin.Delivery));
            }
        }
        return merged;
    }
}
