using Ftgo.Glue.Acl;

namespace Ftgo.Glue.Tests.Acl;

/// <summary>The forward-only merge of a courier's plan: what legacy's image gives, what the service's own actions keep.</summary>
public sealed class PlanMergeTests
{
    private static readonly DateTime At = new(2030, 1, 1, 12, 0, 0);

    private static DeliveryCourierActionRow Action(long order, string type, int minutes = 0) => new(10, order, type, At.AddMinutes(minutes));

    private static IReadOnlyList<(DeliveryCourierActionRow Action, string Origin)> Merge(IReadOnlyList<DeliveryCourierActionRow> legacy,
        IEnumerable<(DeliveryCourierActionRow, string?)> stored, params long[] removed) =>
        PlanMerge.Merge(legacy, stored, PlanMerge.Key, removed.Contains);

    [Fact]
    public void AnActionTheServiceWrote_ThatLegacysImageLacks_IsKept_WithItsOrigin()
    {
        var merged = Merge([Action(358, "PICKUP"), Action(358, "DROPOFF", 30)],
            [(Action(355, "PICKUP"), SyncOrigin.Delivery), (Action(355, "DROPOFF", 30), SyncOrigin.Delivery)]);

        Assert.Equal([(Action(358, "PICKUP"), SyncOrigin.Legacy), (Action(358, "DROPOFF", 30), SyncOrigin.Legacy),
            (Action(355, "PICKUP"), SyncOrigin.Delivery), (Action(355, "DROPOFF", 30), SyncOrigin.Delivery)], merged);
    }

    [Fact]
    public void AnActionCdcWrote_FollowsLegacysImage()
    {
        var merged = Merge([Action(358, "PICKUP")], [(Action(355, "PICKUP"), SyncOrigin.Legacy), (Action(356, "PICKUP"), null)]);

        Assert.Equal([(Action(358, "PICKUP"), SyncOrigin.Legacy)], merged);
    }

    [Fact]
    public void TheServicesActions_OfAnOrderLegacyCancelledOrDeleted_Go()
    {
        var merged = Merge([], [(Action(355, "PICKUP"), SyncOrigin.Delivery), (Action(356, "PICKUP"), SyncOrigin.Delivery)], removed: 355);

        Assert.Equal([(Action(356, "PICKUP"), SyncOrigin.Delivery)], merged);
        Assert.True(PlanMerge.RemovedByLegacy(Order(LegacyOrderStates.Cancelled), deleted: false));
        Assert.True(PlanMerge.RemovedByLegacy(null, deleted: true));
        Assert.False(PlanMerge.RemovedByLegacy(null, deleted: false)); // not seen yet: removed nothing
        Assert.All(LegacyOrderStates.All.Where(s => s != LegacyOrderStates.Cancelled),
            state => Assert.False(PlanMerge.RemovedByLegacy(Order(state), deleted: false)));
    }

    [Fact]
    public void OnTheSameKey_LegacysActionWins_AndIsThereOnce()
    {
        var merged = Merge([Action(355, "PICKUP", 5)], [(Action(355, "PICKUP"), SyncOrigin.Delivery), (Action(355, "PICKUP", 1), SyncOrigin.Delivery)]);

        Assert.Equal([(Action(355, "PICKUP", 5), SyncOrigin.Legacy)], merged);
    }

    private static LegacyOrderRow Order(string state) => new()
    {
        Id = 355,
        State = state,
        RestaurantId = 1,
        DeliveryTime = At,
        DeliveryAddress = new AddressRow("1 Main St", null, "Oakland", "CA", "94611"),
    };
}
