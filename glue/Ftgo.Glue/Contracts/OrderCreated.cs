namespace Ftgo.Glue.Contracts;

/// <summary>Event of the monolith: an order was placed (APPROVED).</summary>
[MessageName("ftgo.orders.order-created", 1)]
public sealed record OrderCreated(
    long OrderId,
    long ConsumerId,
    long RestaurantId,
    IReadOnlyList<OrderLineItemData> LineItems,
    AddressData DeliveryAddress,
    DateTime DeliveryTime);
