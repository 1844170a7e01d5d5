namespace Ftgo.Glue.Acl;

/// <summary>
/// Legacy order ↔ Delivery, legacy courier + actions ↔ Delivery courier + plan, legacy
/// restaurant ↔ Delivery's restaurant replica.
/// </summary>
public static class DeliveryTranslator
{
    /// <summary>
    /// The delivery of an order. The pickup address is the restaurant's (unknown until its
    /// replica is); the courier is scheduled when the order is accepted, as the monolith does it.
    /// </summary>
    public static DeliveryRow ToDelivery(LegacyOrderRow order, LegacyRestaurantRow? restaurant) => new()
    {
        Id = order.Id,
        State = OrderStateTranslation.ToDeliveryState(order.State, order.AssignedCourierId is not null),
        RestaurantId = order.RestaurantId,
        PickupAddress = restaurant?.Address,
        DeliveryAddress = order.DeliveryAddress,
        PromisedDeliveryTime = order.DeliveryTime,
        ReadyBy = order.ReadyBy,
        AssignedCourierId = order.AssignedCourierId,
        ScheduledTime = order.AssignedCourierId is null ? null : order.AcceptTime,
        PreparingTime = order.PreparingTime,
        ReadyForPickupTime = order.ReadyForPickupTime,
        PickedUpTime = order.PickedUpTime,
        DeliveredTime = order.DeliveredTime,
    };

    /// <summary>The legacy order after the delivery's progress (new → legacy); the kitchen's half comes from the order itself.</summary>
    public static LegacyOrderRow ApplyDelivery(LegacyOrderRow order, DeliveryRow delivery) => order with
    {
        State = OrderStateTranslation.ToLegacyState(TicketStateOf(order), delivery.State),
        ReadyBy = delivery.ReadyBy ?? order.ReadyBy,
        AssignedCourierId = delivery.AssignedCourierId ?? order.AssignedCourierId,
        PreparingTime = delivery.PreparingTime ?? order.PreparingTime,
        ReadyForPickupTime = delivery.ReadyForPickupTime ?? order.ReadyForPickupTime,
        PickedUpTime = delivery.PickedUpTime ?? order.PickedUpTime,
        DeliveredTime = delivery.DeliveredTime ?? order.DeliveredTime,
    };

    /// <summary>The legacy order from both halves (new → legacy), keeping what neither model owns (consumer, payment, minimum).</summary>
    public static LegacyOrderRow ToLegacyOrder(LegacyOrderRow order, TicketRow? ticket, DeliveryRow? delivery)
    {
        var state = OrderStateTranslation.ToLegacyState(ticket?.State, delivery?.State);
        return order with
        {
            State = state,
            RestaurantId = ticket?.RestaurantId ?? delivery?.RestaurantId ?? order.RestaurantId,
            DeliveryTime = delivery?.PromisedDeliveryTime ?? order.DeliveryTime,
            DeliveryAddress = delivery?.DeliveryAddress ?? order.DeliveryAddress,
            ReadyBy = ticket?.ReadyBy ?? delivery?.ReadyBy ?? order.ReadyBy,
            AcceptTime = ticket?.AcceptTime ?? delivery?.ScheduledTime ?? order.AcceptTime,
            PreparingTime = ticket?.PreparingTime ?? delivery?.PreparingTime ?? order.PreparingTime,
            ReadyForPickupTime = ticket?.ReadyForPickupTime ?? delivery?.ReadyForPickupTime ?? order.ReadyForPickupTime,
            PickedUpTime = delivery?.PickedUpTime ?? ticket?.PickedUpTime ?? order.PickedUpTime,
            DeliveredTime = delivery?.DeliveredTime ?? order.DeliveredTime,
            AssignedCourierId = delivery?.AssignedCourierId ?? order.AssignedCourierId,
        };
    }

    public static (DeliveryCourierRow Courier, IReadOnlyList<DeliveryCourierActionRow> Plan) ToCourier(
        LegacyCourierRow courier, IEnumerable<LegacyCourierActionRow> actions) =>
        (PlantedTranslationBug.Courier(new DeliveryCourierRow(courier.Id, courier.FirstName, courier.LastName, courier.Address, courier.Available)),
            actions.Where(a => a.CourierId == courier.Id)
                .OrderBy(a => a.Time).ThenBy(a => a.OrderId).ThenBy(a => a.Type, StringComparer.Ordinal)
                .Select(a => new DeliveryCourierActionRow(courier.Id, a.OrderId, a.Type, a.Time))
                .ToList());

    public static (LegacyCourierRow Courier, IReadOnlyList<LegacyCourierActionRow> Actions) ToLegacyCourier(
        DeliveryCourierRow courier, IEnumerable<DeliveryCourierActionRow> plan) =>
        (new LegacyCourierRow(courier.Id, courier.FirstName, courier.LastName, courier.Address, courier.Available),
            plan.Where(a => a.CourierId == courier.Id)
                .Select(a => new LegacyCourierActionRow(0, courier.Id, a.DeliveryId, a.Type, a.Time))
                .ToList());

    public static DeliveryRestaurantRow ToRestaurant(LegacyRestaurantRow restaurant) =>
        new(restaurant.Id, restaurant.Name, restaurant.Address);

    public static LegacyRestaurantRow ToLegacyRestaurant(DeliveryRestaurantRow restaurant) =>
        new(restaurant.Id, restaurant.Name, restaurant.Address);

    private static string? TicketStateOf(LegacyOrderRow order) => OrderStateTranslation.ToTicketState(order.State);
}
