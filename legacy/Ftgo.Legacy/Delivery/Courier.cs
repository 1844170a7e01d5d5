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

    /// <param name="id">0 to let the database give it; else the id to insert (see <c>CourierIdRange</c>).</param>
    public Courier(PersonName name, Address address, long id = 0)
    {
        Id = id;
        Name = name;
        Address = address;
    }

    /// <summary>
    /// A courier registered on the Delivery service that the monolith knows only by id so far: an
    /// event about its work (<c>CourierScheduledForDelivery</c>, <c>CourierAvailabilityChanged</c>)
    /// overtook its <c>CourierCreated</c>. Its name and address are placeholders until that event
    /// fills them in (<see cref="IsPlaceholder"/>); it keeps the id the Delivery service gave it.
    /// </summary>
    public static Courier KnownOnlyById(long id, bool available) => new()
    {
        Id = id,
        Name = Placeholder(id),
        Address = new Address("", "", "", ""),
        Available = available,
    };

    /// <summary>Whether the name and address are still the placeholders of <see cref="KnownOnlyById"/>.</summary>
    public bool IsPlaceholder => Name == Placeholder(Id);

    /// <summary>Gives a placeholder courier its real name and address.</summary>
    public void Register(PersonName name, Address address)
    {
        Name = name;
        Address = address;
    }

    private static PersonName Placeholder(long id) => new("Courier", $"#{id} (registered on the Delivery service)");

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
