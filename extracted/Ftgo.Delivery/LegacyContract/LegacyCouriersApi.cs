using Ftgo.Delivery.Couriers;
using Ftgo.Delivery.Data;
using Ftgo.Delivery.Messaging;
using Ftgo.Hosting.Problems;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Delivery.LegacyContract;

/// <summary>The monolith's courier routes, answered from the Delivery model: <c>POST /couriers</c>, <c>GET /couriers/{id}</c>, <c>POST /couriers/{id}/availability</c>.</summary>
public static class LegacyCouriersApi
{
    public static IEndpointRouteBuilder MapLegacyCouriersApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/couriers").WithTags("Legacy couriers").RequireAuthorization();
        group.MapPost("/", Create);
        // The monolith lets anyone read a courier: the same route here must too, or a client that never
        // logged in breaks at cutover. Writes keep the gateway's service token.
        group.MapGet("/{courierId:long}", Get).AllowAnonymous();
        group.MapPost("/{courierId:long}/availability", SetAvailability);
        return app;
    }

    private static async Task<Ok<CreateCourierResponse>> Create(CreateCourierRequest request, DeliveryDbContext db,
        IUnitOfWork work, CancellationToken ct)
    {
        var courier = CreateCourierHandler.Handle(
            new CreateCourier(LegacyTranslation.ToName(request.Name, "name"), LegacyTranslation.ToAddress(request.Address, "address")),
            db);
        await work.CommitAsync(() => [CreateCourierHandler.Created(courier)], ct);
        return TypedResults.Ok(new CreateCourierResponse(courier.Id));
    }

    private static async Task<Ok> SetAvailability(long courierId, CourierAvailabilityRequest request, DeliveryDbContext db,
        IUnitOfWork work, CancellationToken ct)
    {
        var changed = await SetCourierAvailabilityHandler.Handle(new SetCourierAvailability(courierId, request.Available), db, ct);
        await work.CommitAsync([changed], ct);
        return TypedResults.Ok();
    }

    private static async Task<Ok<GetCourierResponse>> Get(long courierId, DeliveryDbContext db, CancellationToken ct)
    {
        var courier = await db.Couriers.AsNoTracking().Include(c => c.Actions)
            .FirstOrDefaultAsync(c => c.Id == courierId, ct)
            ?? throw new NotFoundException("Courier", courierId);
        var actions = courier.Actions.OrderBy(a => a.Time).ThenBy(a => a.DeliveryId).ThenBy(a => a.Type)
            .Select(LegacyTranslation.ToLegacy).ToList();
        return TypedResults.Ok(new GetCourierResponse(courier.Id, LegacyTranslation.ToLegacy(courier.Name),
            LegacyTranslation.ToLegacy(courier.Address), courier.Available, new CourierPlan(actions)));
    }
}
