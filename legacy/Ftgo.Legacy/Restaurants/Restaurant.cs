using Ftgo.Legacy.Common;

namespace Ftgo.Legacy.Restaurants;

public sealed class Restaurant
{
    private readonly List<MenuItem> _menuItems = [];

    public long Id { get; private set; }
    public string Name { get; private set; } = "";
    public Address Address { get; private set; } = null!;

    public IReadOnlyList<MenuItem> MenuItems => _menuItems;

    private Restaurant() { }

    public Restaurant(string name, Address address, IEnumerable<MenuItem> menuItems)
    {
        Name = name;
        Address = address;
        _menuItems.AddRange(menuItems);
    }

    public MenuItem? FindMenuItem(string id) => _menuItems.FirstOrDefault(m => m.Id == id);
}
