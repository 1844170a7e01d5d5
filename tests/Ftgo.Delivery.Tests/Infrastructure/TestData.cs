using Ftgo.Delivery.Common;
using Ftgo.Glue.Contracts;

namespace Ftgo.Delivery.Tests.Infrastructure;

/// <summary>FTGO's test data (the "Ajanta" restaurant, addresses of Oakland) and message builders.</summary>
public static class TestData
{
    public static readonly AddressData DeliveryAddressData = new("9 Amazing View", null, "Oakland", "CA", "94612");

    public static readonly Address RestaurantAddress = new("1 Main Street", "Unit 99", "Oakland", "CA", "94611");

    public static readonly Address CourierAddress = new("10 Courier Lane", null, "Oakland", "CA", "94610");

    public static readonly PersonName CourierName = new("John", "Courier");

    private static long _nextOrderId = 1000;

    /// <summary>A fresh order id, unique across the test run (tests share databases within a class).</summary>
    public static long NextOrderId() => Interlocked.Increment(ref _nextOrderId);

    public static OrderCreated OrderCreated(long orderId, long restaurantId, DateTime promisedDeliveryTime) =>
        new(orderId, 1, restaurantId, [new OrderLineItemData("1", "Chicken Vindaloo", 12.34m, 5)], DeliveryAddressData,
            promisedDeliveryTime);
}
