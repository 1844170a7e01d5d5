namespace Ftgo.Legacy.Tests.Infrastructure;

/// <summary>Request bodies in FTGO's shapes.</summary>
public static class TestData
{
    public static readonly object Address = new { street1 = "1 Main Street", street2 = "Unit 99", city = "Oakland", state = "CA", zip = "94611" };

    public static object CreateOrder(long consumerId, long restaurantId, params (string MenuItemId, int Quantity)[] lines) => new
    {
        consumerId,
        restaurantId,
        deliveryAddress = Address,
        deliveryTime = Wire.Format(Wire.LocalNowPlus(TimeSpan.FromHours(2))),
        lineItems = (lines.Length == 0 ? [("1", 5)] : lines).Select(l => new { menuItemId = l.MenuItemId, quantity = l.Quantity }),
    };
}
