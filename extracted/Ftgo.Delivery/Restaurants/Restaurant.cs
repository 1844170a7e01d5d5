using Ftgo.Delivery.Common;

namespace Ftgo.Delivery.Restaurants;

/// <summary>
/// The Delivery service's replica of a restaurant: only what delivery needs (where to pick up).
/// The monolith stays the owner; the replica is kept up to date by <see cref="ReplicateRestaurantHandler"/>.
/// </summary>
public sealed class Restaurant
{
    public long Id { get; private set; }
    public string Name { get; private set; } = "";
    public Address Address { get; private set; } = null!;

    private Restaurant() { }

    public Restaurant(long id, string name, Address address)
    {
        Id = id;
        Name = string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("A restaurant needs a name.", nameof(name)) : name.Trim();
        Address = address;
    }

    /// <summary>Returns true when anything changed.</summary>
    public bool Update(string name, Address address)
    {
        var trimmed = string.IsNullOrWhiteSpace(name) ? throw new ArgumentException("A restaurant needs a name.", nameof(name)) : name.Trim();
        if (trimmed == Name && address == Address)
        {
            return false;
        }
        Name = trimmed;
        Address = address;
        return true;
    }
}
