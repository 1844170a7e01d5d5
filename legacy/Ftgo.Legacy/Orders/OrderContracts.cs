using System.Text.Json.Serialization;
using Ftgo.Hosting.Json;
using Ftgo.Legacy.Common;

namespace Ftgo.Legacy.Orders;

// FTGO's order shapes, byte for byte what its clients send and receive.

public sealed record CreateOrderRequest(
    long ConsumerId,
    long RestaurantId,
    Address DeliveryAddress,
    DateTime DeliveryTime,
    IReadOnlyList<LineItemRequest> LineItems);

public sealed record LineItemRequest(string MenuItemId, int Quantity);

public sealed record CreateOrderResponse(long OrderId);

public sealed record ReviseOrderRequest(IReadOnlyDictionary<string, int> RevisedLineItemQuantities);

public sealed record AcceptOrderRequest(DateTime ReadyBy);

public sealed record GetOrderResponse(
    long OrderId,
    OrderState State,
    [property: JsonConverter(typeof(MoneyJsonConverter))] decimal OrderTotal,
    string RestaurantName,
    long? AssignedCourier,
    IReadOnlyList<OrderCourierAction> CourierActions);

public sealed record OrderCourierAction(string Type, DateTime Time);
