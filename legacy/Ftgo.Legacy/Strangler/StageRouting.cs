using System.Globalization;
using Ftgo.Legacy.Orders;
using Ftgo.Stages;

namespace Ftgo.Legacy.Strangler;

/// <summary>
/// The monolith's reading of the migration flags, the same file and the same sticky cohorts as the
/// gateway: per route group, the side that owns a cohort — for an order, its id in invariant digits,
/// which is the gateway's <c>route:id</c> cohort key, or, for a group split by restaurant, the order's
/// restaurant id (the gateway's <c>partition:restaurant</c>). Read at every call, so a change of the flags
/// file takes effect on the next request or message without a restart, and can be undone as fast.
/// </summary>
public sealed class StageRouting(IMigrationFlags flags)
{
    /// <summary>The route group of the kitchen routes (accept, preparing, ready).</summary>
    public const string Kitchen = "kitchen";

    /// <summary>The route group of the delivery routes (pickedup, delivered, couriers).</summary>
    public const string Delivery = "delivery";

    /// <summary>The side that owns <paramref name="order"/> in <paramref name="group"/> now.</summary>
    public Side SideFor(string group, Order order) => SideFor(group, CohortOf(group, order));

    /// <summary>The cohort of an order in a group: its id, or its partition when the group is split by one.</summary>
    public string CohortOf(string group, Order order) => PartitionBy(group) switch
    {
        null => Key(order.Id),
        PartitionRules.Restaurant => Key(order.RestaurantId),
        var other => throw new InvalidOperationException($"The monolith cannot resolve partition '{other}'."),
    };

    /// <summary>The partition the group is split by now (<c>restaurant</c>), or null.</summary>
    public string? PartitionBy(string group) => flags.Current.Rollout(group).PartitionBy;

    /// <summary>The side that owns a cohort (null: a request without a cohort key, as the gateway decides it).</summary>
    public Side SideFor(string group, string? cohortKey) => flags.Current.Rollout(group).SideFor(cohortKey);

    /// <summary>The stage a cohort of the group is at (at <c>live</c>, <c>live</c> inside the percent, <c>shadow</c> outside).</summary>
    public MigrationStage StageFor(string group, string? cohortKey) => flags.Current.Rollout(group).StageFor(cohortKey);

    /// <summary>The stage of an aggregate the <paramref name="creator"/> created (see <see cref="GroupRollout.StageForCreator"/>).</summary>
    public MigrationStage StageForCreator(string group, Side creator) => flags.Current.Rollout(group).StageForCreator(creator);

    /// <summary>
    /// Whether the new side takes part at all (every stage but <c>off</c>): from then on it is told of
    /// every order, so that a later switch finds the order there whichever side handled it so far.
    /// </summary>
    public bool InPlay(string group) => flags.Current.Rollout(group).Stage != MigrationStage.Off;

    public static string Key(long id) => id.ToString(CultureInfo.InvariantCulture);
}
