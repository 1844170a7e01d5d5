using Ftgo.Glue.Contracts;
using Ftgo.Legacy.Common;
using Ftgo.Legacy.Orders;

namespace Ftgo.Legacy.Messaging;

/// <summary>The published language as the monolith speaks it: contracts built from its own order.</summary>
public static class OrderMessages
{
    public static OrderCreated Created(Order order) => new(
        order.Id,
        order.ConsumerId,
        order.RestaurantId,
        order.LineItems.Select(l => new OrderLineItemData(l.MenuItemId, l.Name, l.Price, l.Quantity)).ToList(),
        ToData(order.DeliveryAddress),
        order.DeliveryTime);

    public static ScheduleDelivery ScheduleDelivery(Order order, DateTime readyBy) =>
        new(order.Id, order.RestaurantId, readyBy, ToData(order.DeliveryAddress), order.AcceptTime);

    public static AddressData ToData(Address address) =>
        new(address.Street1, address.Street2, address.City, address.State, address.Zip);

    /// <summary>Enqueues <see cref="OrderCreated"/> once per order and unit of work, whichever seam asks first.</summary>
    public static void PublishCreated(this LegacyOutbox outbox, Order order) =>
        outbox.Publish(() => Created(order), onceKey: (typeof(OrderCreated), order));
}
