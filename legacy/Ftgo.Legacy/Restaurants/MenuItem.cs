namespace Ftgo.Legacy.Restaurants;

/// <summary>A dish on a restaurant's menu; its id is the restaurant's own (FTGO uses strings such as "1").</summary>
public sealed class MenuItem
{
    public long RestaurantId { get; private set; }
    public string Id { get; private set; } = "";
    public string Name { get; private set; } = "";
    public decimal Price { get; private set; }

    private MenuItem() { }

    public MenuItem(string id, string name, decimal price)
    {
        Id = id;
        Name = name;
        Price = price;
    }
}
