using Ftgo.Hosting.Problems;
using Ftgo.Legacy.Auth;
using Ftgo.Legacy.Common;
using Ftgo.Legacy.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Legacy.Delivery;

public sealed record CreateCourierRequest(PersonName Name, Address Address);

public sealed record CreateCourierResponse(long Id);

public sealed record CourierAvailabilityRequest(bool Available);

public sealed record GetCourierResponse(long Id, PersonName Name, Address Address, bool Available, CourierPlan Plan);

public sealed record CourierPlan(IReadOnlyList<PlannedAction> Actions);

public sealed record PlannedAction(string Type, DateTime Time, long OrderId);

public static class CouriersApi
{
    public static IEndpointRouteBuilder MapCouriersApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/couriers/{courierId:long}", GetCourier).WithTags("Couriers");
        var writes = app.MapGroup("/couriers").WithTags("Couriers").RequireSession();
        writes.MapPost("/", CreateCourier);
        writes.MapPost("/{courierId:long}/availability", SetAvailability);
        return app;
    }

    private static async Task<Ok<CreateCourierResponse>> CreateCourier(
        CreateCourierRequest request, LegacyDbContext db, CancellationToken ct)
    {
        var courier = new Courier(Validate.Name(request.Name, "name"), Validate.Address(request.Address, "address"));
        db.Couriers.Add(courier);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new CreateCourierResponse(courier.Id));
    }

    private static async Task<Ok> SetAvailability(
        long courierId, CourierAvailabilityRequest request, LegacyDbContext db, CancellationToken ct)
    {
        var courier = await db.Couriers.FirstOrDefaultAsync(c => c.Id == courierId, ct)
            ?? throw new NotFoundException("Courier", courierId);
        courier.SetAvailable(request.Available);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok();
    }

    private static async Task<Ok<GetCourierResponse>> GetCourier(long courierId, LegacyDbContext db, CancellationToken ct)
    {
        var courier = await db.Couriers.AsNoTracking().Include(c => c.Actions)
            .FirstOrDefaultAsync(c => c.Id == courierId, ct)
            ?? throw new NotFoundException("Courier", courierId);
        var actions = courier.Actions.OrderBy(a => a.Time).ThenBy(a => a.OrderId).ThenBy(a => a.Type)
            .Select(a => new PlannedAction(a.Type == CourierActionType.Pickup ? "PICKUP" : "DROPOFF", a.Time, a.OrderId))
            .ToList();
        return TypedResults.Ok(new GetCourierResponse(courier.Id, courier.Name, courier.Address, courier.Available,
            new CourierPlan(actions)));
    }
}
