using Ftgo.Delivery.Common;
using Ftgo.Delivery.Data;
using Wolverine.Attributes;

namespace Ftgo.Delivery.Couriers;

/// <summary>Registers a courier; it starts unavailable. Its id is known once the caller commits.</summary>
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
}
