using Ftgo.Glue.Acl;

namespace Ftgo.Glue.Tests.Acl;

public sealed class AclTranslationTests
{
    private static readonly AddressRow Home = new("9 Elm St", null, "Oakland", "CA", "94611");
    private static readonly AddressRow Kitchen = new("1 Main St", "Suite 2", "Oakland", "CA", "94612");
    private static readonly DateTime T0 = new(2026, 12, 1, 18, 0, 0);

    /// <summary>An order as the monolith leaves it in <paramref name="state"/>, with the times and courier that state implies.</summary>
    public static LegacyOrderRow OrderIn(string state)
    {
        var index = Array.IndexOf(new[] { "APPROVED", "ACCEPTED", "PREPARING", "READY_FOR_PICKUP", "PICKED_UP", "DELIVERED" }, state);
        var reached = state == LegacyOrderStates.Cancelled ? 0 : index;
        return new LegacyOrderRow
        {
            Id = 42,
            Version = 3,
            State = state,
            ConsumerId = 7,
            RestaurantId = 3,
            OrderMinimum = 10m,
            DeliveryTime = T0.AddHours(2),
            DeliveryAddress = Home,
            ReadyBy = reached >= 1 ? T0.AddHours(1) : null,
            AcceptTime = reached >= 1 ? T0.AddMinutes(1) : null,
            PreparingTime = reached >= 2 ? T0.AddMinutes(2) : null,
            ReadyForPickupTime = reached >= 3 ? T0.AddMinutes(3) : null,
            PickedUpTime = reached >= 4 ? T0.AddMinutes(4) : null,
            DeliveredTime = reached >= 5 ? T0.AddMinutes(5) : null,
            AssignedCourierId = reached >= 1 ? 11 : null,
        };
    }

    public static TheoryData<string, string, string> States => new()
    {
        { "APPROVED", "AWAITING_ACCEPTANCE", "PENDING" },
        { "ACCEPTED", "ACCEPTED", "SCHEDULED" },
        { "PREPARING", "PREPARING", "SCHEDULED" },
        { "READY_FOR_PICKUP", "READY_FOR_PICKUP", "SCHEDULED" },
        { "PICKED_UP", "PICKED_UP", "PICKED_UP" },
        { "DELIVERED", "PICKED_UP", "DELIVERED" },
        { "CANCELLED", "CANCELLED", "CANCELLED" },
    };

    [Theory]
    [MemberData(nameof(States))]
    public void LegacyOrder_ToTicketAndDeliveryAndBack_IsTheSameOrder(string legacy, string ticketState, string deliveryState)
    {
        var order = OrderIn(legacy);
        var (ticket, _) = KitchenTranslator.ToTicket(order, []);
        var delivery = DeliveryTranslator.ToDelivery(order, new LegacyRestaurantRow(3, "Ajanta", Kitchen));

        Assert.Equal(ticketState, ticket.State);
        Assert.Equal(deliveryState, delivery.State);

        var blank = order with
        {
            State = "APPROVED", ReadyBy = null, AcceptTime = null, PreparingTime = null, ReadyForPickupTime = null,
            PickedUpTime = null, DeliveredTime = null, AssignedCourierId = null,
        };
        Assert.Equal(order, DeliveryTranslator.ToLegacyOrder(blank, ticket, delivery));
    }

    [Theory]
    [MemberData(nameof(States))]
    public void StateTables_RoundTripEveryState(string legacy, string ticketState, string deliveryState)
    {
        Assert.Equal(ticketState, OrderStateTranslation.ToTicketState(legacy));
        Assert.Equal(deliveryState, OrderStateTranslation.ToDeliveryState(legacy, courierAssigned: true));
        Assert.Equal(legacy, OrderStateTranslation.ToLegacyState(ticketState, deliveryState));
    }

    [Theory]
    [InlineData("AWAITING_ACCEPTANCE", "APPROVED")]
    [InlineData("ACCEPTED", "ACCEPTED")]
    [InlineData("PREPARING", "PREPARING")]
    [InlineData("READY_FOR_PICKUP", "READY_FOR_PICKUP")]
    [InlineData("PICKED_UP", "PICKED_UP")]
    [InlineData("CANCELLED", "CANCELLED")]
    public void TicketAlone_GivesTheLegacyState(string ticketState, string legacy) =>
        Assert.Equal(legacy, OrderStateTranslation.ToLegacyState(ticketState, null));

    [Theory]
    [InlineData("PENDING", "APPROVED")]
    [InlineData("SCHEDULED", "ACCEPTED")]
    [InlineData("PICKED_UP", "PICKED_UP")]
    [InlineData("DELIVERED", "DELIVERED")]
    [InlineData("CANCELLED", "CANCELLED")]
    public void DeliveryAlone_GivesTheLegacyState(string deliveryState, string legacy) =>
        Assert.Equal(legacy, OrderStateTranslation.ToLegacyState(null, deliveryState));

    [Fact]
    public void AcceptedWithoutCourier_IsAPendingDelivery() =>
        Assert.Equal("PENDING", OrderStateTranslation.ToDeliveryState("ACCEPTED", courierAssigned: false));

    [Theory]
    [InlineData("ACCEPTED")]
    [InlineData("PREPARING")]
    [InlineData("READY_FOR_PICKUP")]
    [InlineData("PICKED_UP")]
    public void KitchenProgress_AppliedToTheOrderBefore_GivesTheOrderAfter(string legacy)
    {
        var after = OrderIn(legacy);
        var (ticket, _) = KitchenTranslator.ToTicket(after, []);
        var before = OrderIn(LegacyOrderStates.All[LegacyOrderStates.All.ToList().IndexOf(legacy) - 1]);

        var applied = KitchenTranslator.ApplyTicket(before, ticket);

        Assert.Equal(legacy, applied.State);
        Assert.Equal(after.ReadyBy, applied.ReadyBy);
        Assert.Equal(after.PreparingTime, applied.PreparingTime);
    }

    [Theory]
    [InlineData("PICKED_UP")]
    [InlineData("DELIVERED")]
    public void DeliveryProgress_AppliedToTheOrderBefore_GivesTheOrderAfter(string legacy)
    {
        var after = OrderIn(legacy);
        var delivery = DeliveryTranslator.ToDelivery(after, null);
        var before = OrderIn(LegacyOrderStates.All[LegacyOrderStates.All.ToList().IndexOf(legacy) - 1]);

        Assert.Equal(after, DeliveryTranslator.ApplyDelivery(before, delivery));
    }

    [Fact]
    public void UnknownStates_AreRefused()
    {
        Assert.Throws<FormatException>(() => OrderStateTranslation.ToTicketState("SHIPPED"));
        Assert.Throws<FormatException>(() => OrderStateTranslation.ToDeliveryState("SHIPPED", true));
        Assert.Throws<FormatException>(() => OrderStateTranslation.ToLegacyState("COOKING", null));
        Assert.Throws<FormatException>(() => OrderStateTranslation.ToLegacyState(null, "LOST"));
        Assert.Throws<ArgumentException>(() => OrderStateTranslation.ToLegacyState(null, null));
    }

    [Fact]
    public void Ticket_TakesTheOrdersLinesWithoutPrices()
    {
        var (ticket, lines) = KitchenTranslator.ToTicket(OrderIn("APPROVED"),
        [
            new LegacyOrderLineItemRow(2, 42, "2", "Naan", 2.50m, 4),
            new LegacyOrderLineItemRow(1, 42, "1", "Chicken Vindaloo", 12.34m, 5),
            new LegacyOrderLineItemRow(3, 43, "1", "Another order's line", 12.34m, 1),
        ]);

        Assert.Equal(3, ticket.RestaurantId);
        Assert.Equal([new TicketLineItemRow(42, "1", "Chicken Vindaloo", 5), new TicketLineItemRow(42, "2", "Naan", 4)], lines);
    }

    [Fact]
    public void Courier_AndPlan_RoundTrip()
    {
        var courier = new LegacyCourierRow(11, "Cy", "Courier", Home, true);
        LegacyCourierActionRow[] actions =
        [
            new(6, 11, 42, "DROPOFF", T0.AddMinutes(90)),
            new(5, 11, 42, "PICKUP", T0.AddHours(1)),
            new(7, 12, 43, "PICKUP", T0),
        ];

        var (newCourier, plan) = DeliveryTranslator.ToCourier(courier, actions);
        var (back, backActions) = DeliveryTranslator.ToLegacyCourier(newCourier, plan);

        Assert.Equal(new DeliveryCourierRow(11, "Cy", "Courier", Home, true), newCourier);
        Assert.Equal([new DeliveryCourierActionRow(11, 42, "PICKUP", T0.AddHours(1)), new DeliveryCourierActionRow(11, 42, "DROPOFF", T0.AddMinutes(90))], plan);
        Assert.Equal(courier, back);
        Assert.Equal(actions.Where(a => a.CourierId == 11).Select(a => a with { Id = 0 }).OrderBy(a => a.Time), backActions);
    }

    [Fact]
    public void Restaurant_RoundTrips_AndBecomesThePickupAddress()
    {
        var restaurant = new LegacyRestaurantRow(3, "Ajanta", Kitchen);

        Assert.Equal(restaurant, DeliveryTranslator.ToLegacyRestaurant(DeliveryTranslator.ToRestaurant(restaurant)));
        Assert.Equal(Kitchen, DeliveryTranslator.ToDelivery(OrderIn("APPROVED"), restaurant).PickupAddress);
        Assert.Null(DeliveryTranslator.ToDelivery(OrderIn("APPROVED"), null).PickupAddress);
    }

    [Theory]
    [InlineData(null, "legacy", true)]
    [InlineData("legacy", "legacy", true)]
    [InlineData("kitchen", "kitchen", true)]
    [InlineData("kitchen", "delivery", false)]
    [InlineData(null, "kitchen", false)]
    [InlineData("delivery", "kitchen", false)]
    public void ShouldSkip_OnlyTheSideBeingWrittenTo(string? rowOrigin, string target, bool skip) =>
        Assert.Equal(skip, SyncOrigin.ShouldSkip(rowOrigin, target));
}
