using Ftgo.Legacy.Common;

namespace Ftgo.Legacy.Delivery;

/// <summary>A courier and its plan: the PICKUP and DROPOFF actions it has been given.</summary>
public sealed class Courier
{
    private readonly List<CourierAction> _actions = [];

    public long Id { get; private set; }
    public PersonName Name { get; private set; } = null!;
    public Address Address { get; private set; } = null!;
    public bool Available { get; private set; }

    public IReadOnlyList<CourierAction> Actions => _actions;

    private Courier() { }

    public Courier(PersonName name, Address address)
    {
        Name = name;
        Address = address;
    }

    public void SetAvailable(bool available) => Available = available;

    /// <summary>FTGO's schedule: PICKUP at readyBy, DROPOFF thirty minutes later.</summary>
    public void Schedule(long orderId, DateTime readyBy)
    {
        _actions.Add(new CourierAction(orderId, CourierActionType.Pickup, readyBy));
        _actions.Add(new CourierAction(orderId, CourierActionType.Dropoff, readyBy.AddMinutes(30)));
    }

    public void Unschedule(long orderId) => _actions.RemoveAll(a => a.OrderId == orderId);
}
