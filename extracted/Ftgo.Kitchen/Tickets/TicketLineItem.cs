namespace Ftgo.Kitchen.Tickets;

/// <summary>What the kitchen cooks: a menu item and how many (no prices: the kitchen does not need them).</summary>
public sealed class TicketLineItem(string menuItemId, string name, int quantity)
{
    public long Id { get; private set; }
    public long TicketId { get; private set; }
    public string MenuItemId { get; private set; } = menuItemId;
    public string Name { get; private set; } = name;
    public int Quantity { get; private set; } = quantity;
}
