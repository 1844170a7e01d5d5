using Ftgo.Delivery.Common;
using Ftgo.Delivery.Data;
using Ftgo.Glue.Contracts;
using Wolverine.Attributes;

namespace Ftgo.Delivery.Couriers;

/// <summary>Registers a courier; it starts unavailable. Its id is known once the caller saves; the caller publishes <see cref="CourierCreated"/> then.</summary>
public sealed record CreateCourier(PersonName Name, Address Address);

// Not a bus handler: the courier it returns is for the caller, not a message to cascade.
[WolverineIgnore]
public static class CreateCourierHandler
{
    public static Courier Handle(CreateCourier command, DeliveryDbContext db)
    {
        var courier = new Courier(command.Name, command.Address);
        db.Couriers.Add(courier);
        return courier;
    }

    /// <summary>The event that gives the monolith the whole courier; its id is known once the courier is saved.</summary>
    public static CourierCreated Created(Courier courier) => new(courier.Id, courier.Name.FirstName, courier.Name.LastName,
        courier.Address.ToData(), courier.Available);
}
