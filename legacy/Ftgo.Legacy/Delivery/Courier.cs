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

    /// <summary>
    /// A courier the monolith knows only by id: one registered on the Delivery service, whose
    /// registration reaches the monolith through no event yet (there is no <c>CourierCreated</c>
    /// contract). Its name and address are placeholders; it keeps the id the Delivery service gave it.
    /// </summary>
    public static Courier KnownOnlyById(long id, bool available) => new()
    {
        Id = id,
        Name = new PersonName("Courier", $"#{id} (registered on the Delivery service)"),
        Address = new Address("", "", "", ""),
        Available = available,
    };

    public void SetAvailable(bool available) => Available = available;

    /// <summary>Plans the given actions of an order, as the Delivery service planned them.</summary>
    public void Plan(long orderId, IEnumerable<(CourierActionType Type, DateTime Time)> actions) =>
        _actions.AddRange(actions.Select(a => new CourierAction(orderId, a.Type, a.Time)));

    /// <summary>FTGO's schedule: PICKUP at readyBy, DROPOFF thirty minutes later.</summary>
    public void Schedule(long orderId, DateTime readyBy)
    {
        _actions.Add(new CourierAction(orderId, CourierActionType.Pickup, readyBy));
        _actions.Add(new CourierAction(orderId, CourierActionType.Dropoff, readyBy.AddMinutes(30)));
    }

    public void Unschedule(long orderId) => _actions.RemoveAll(a => a.OrderId == orderId);
}
