using Ftgo.Delivery.Data;
using Ftgo.Glue.Contracts;
using Ftgo.Hosting.Problems;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Delivery.Couriers;

/// <summary>A courier starts or stops taking work. Publishes <see cref="CourierAvailabilityChanged"/> only when it changed.</summary>
public sealed record SetCourierAvailability(long CourierId, bool Available);

public static class SetCourierAvailabilityHandler
{
    public static async Task<CourierAvailabilityChanged?> Handle(SetCourierAvailability command, DeliveryDbContext db,
        CancellationToken ct)
    {
        var courier = await db.Couriers.FirstOrDefaultAsync(c => c.Id == command.CourierId, ct)
            ?? throw new NotFoundException("Courier", command.CourierId);
        return courier.SetAvailable(command.Available)
            ? new CourierAvailabilityChanged(courier.Id, courier.Available, courier.Version)
            : null;
    }
}
