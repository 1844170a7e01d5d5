using Ftgo.Glue.Acl;
using Ftgo.Legacy.Common;
using Ftgo.Legacy.Orders;

namespace Ftgo.Legacy.NewSideSync;

/// <summary>The monolith's order as the anti-corruption layer reads it (<see cref="LegacyOrderRow"/>), and the Delivery row of its facts.</summary>
public static class OrderRows
{
    public static LegacyOrderRow From(Order order) => new()
    {
        Id = order.Id,
        Version = order.Version,
        State = OrderStates.Name(order.State),
        ConsumerId = order.ConsumerId,
        RestaurantId = order.RestaurantId,
        PaymentToken = order.PaymentToken,
        OrderMinimum = order.OrderMinimum,
        DeliveryTime = order.DeliveryTime,
        DeliveryAddress = From(order.DeliveryAddress),
        ReadyBy = order.ReadyBy,
        AcceptTime = order.AcceptTime,
        PreparingTime = order.PreparingTime,
        ReadyForPickupTime = order.ReadyForPickupTime,
        PickedUpTime = order.PickedUpTime,
        DeliveredTime = order.DeliveredTime,
        AssignedCourierId = order.AssignedCourierId,
    };

    public static AddressRow From(Address address) => new(address.Street1, address.Street2, address.City, address.State, address.Zip);

    /// <summary>
    /// A Delivery in <paramref name="state"/> for <paramref name="order"/>, carrying only what the order
    /// row already holds; the handler adds the event's own facts with <c>with</c>.
    /// </summary>
    public static DeliveryRow Delivery(Order order, string state) => new()
    {
        Id = order.Id,
        State = state,
        RestaurantId = order.RestaurantId,
        DeliveryAddress = From(order.DeliveryAddress),
        PromisedDeliveryTime = order.DeliveryTime,
    };

    /// <summary>A Ticket in <paramref name="state"/> for <paramref name="order"/>; the handler adds the event's facts.</summary>
    public static TicketRow Ticket(Order order, string state) => new()
    {
        Id = order.Id,
        State = state,
        RestaurantId = order.RestaurantId,
    };
}
