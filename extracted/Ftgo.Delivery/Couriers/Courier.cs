using Ftgo.Delivery.Common;

namespace Ftgo.Delivery.Couriers;

/// <summary>A courier, whether it takes work, and its plan: the PICKUP and DROPOFF actions it was given.</summary>
public sealed class Courier
{
    /// <summary>FTGO plans the drop-off this long after the pickup.</summary>
    public static readonly TimeSpan DropoffAfterPickup = TimeSpan.FromMinutes(30);

    private readonly List<CourierAction> _actions = [];

    public long Id { get; private set; }
    public int Version { get; private set; }
    public PersonName Name { get; private set; } = null!;
    public Address Address { get; private set; } = null!;
    public bool Available { get; private set; }

    public IReadOnlyList<CourierAction> Actions => _actions;

    private Courier() { }

    /// <summary>A new courier starts unavailable, as in the monolith.</summary>
    public Courier(PersonName name, Address address)
    {
        Name = name;
        Address = address;
        Version = 1;
    }

    /// <summary>Returns true when the availability changed.</summary>
    public bool SetAvailable(bool available)
    {
        if (Available == available)
        {
            return false;
        }
        Available = available;
        Version++;
        return true;
    }

    /// <summary>FTGO's plan: PICKUP at readyBy, DROPOFF thirty minutes later. Returns the two new actions.</summary>
    public IReadOnlyList<CourierAction> Plan(long deliveryId, DateTime readyBy)
    {
        if (!Available)
        {
            throw new InvalidOperationException($"Courier {Id} is not available.");
        }
        CourierAction[] planned =
        [
            new(deliveryId, CourierActionType.Pickup, readyBy),
            new(deliveryId, CourierActionType.Dropoff, readyBy + DropoffAfterPickup),
        ];
        _actions.AddRange(planned);
        Version++;
        return planned;
    }

    /// <summary>Removes every action of a delivery from the plan (it was cancelled).</summary>
    public int Release(long deliveryId)
    {
        var removed = _actions.RemoveAll(a => a.DeliveryId == deliveryId);
        if (removed > 0)
        {
            Version++;
        }
        return removed;
    }
}
