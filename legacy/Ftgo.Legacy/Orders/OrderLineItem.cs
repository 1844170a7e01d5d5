namespace Ftgo.Legacy.Orders;

public sealed class OrderLineItem
{
    public long Id { get; private set; }
    public long OrderId { get; private set; }
    public string MenuItemId { get; private set; } = "";
    public string Name { get; private set; } = "";
    public decimal Price { get; private set; }
    public int Quantity { get; internal set; }

    private OrderLineItem() { }

    public OrderLineItem(string menuItemId, string name, decimal price, int quantity)
    {
        MenuItemId = menuItemId;
        Name = name;
        Price = price;
        Quantity = quantity;
    }

    public decimal Total => Price * Quantity;
}
