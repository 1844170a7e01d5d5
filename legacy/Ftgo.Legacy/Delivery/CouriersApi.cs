using Ftgo.Glue.Acl;
using Ftgo.Hosting.Problems;
using Ftgo.Hosting.Storage;
using Ftgo.Legacy.Auth;
using Ftgo.Legacy.Common;
using Ftgo.Legacy.Data;
using Ftgo.Legacy.Strangler;
using Ftgo.Stages;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Legacy.Delivery;

public sealed record CreateCourierRequest(PersonName Name, Address Address);

public sealed record CreateCourierResponse(long Id);

public sealed record CourierAvailabilityRequest(bool Available);

public sealed record GetCourierResponse(long Id, PersonName Name, Address Address, bool Available, CourierPlan Plan);

public sealed record CourierPlan(IReadOnlyList<PlannedAction> Actions);

public sealed record PlannedAction(string Type, DateTime Time, long OrderId);

/// <summary>
/// The couriers of the legacy contract. They belong to the <c>delivery</c> route group: a write whose
/// cohort is on the new side (the courier's id, or for a new courier the session's consumer, as the
/// gateway keys them) answers 410, since the Delivery service owns couriers there; at <c>complete</c>
/// the read answers 410 too.
/// </summary>
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
        CreateCourierRequest request, LegacyDbContext db, StageRouting routing, CourierIdRange courierIds, HttpContext http,
        CancellationToken ct)
    {
        // A group split by restaurant has no partition for a courier: no cohort, as the gateway keys it.
        var cohort = routing.PartitionBy(StageRouting.Delivery) is null ? http.User.FindFirst(Auth.Sessions.ConsumerIdClaim)?.Value : null;
        if (routing.SideFor(StageRouting.Delivery, cohort) == Side.New)
        {
            throw new MovedToNewServiceException(StageRouting.Delivery, routing.StageFor(StageRouting.Delivery, cohort),
                "Registering a courier");
        }
        var name = Validate.Name(request.Name, "name");
        var address = Validate.Address(request.Address, "address");
        // The monolith's ids stay below the Delivery service's range (see CourierIdRange).
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var courier = new Courier(name, address, await courierIds.NextBelowAsync(db, typeof(Courier), ct) ?? 0);
        db.Couriers.Add(courier);
        await db.SaveChangesAsync(ct);
        await transaction.CommitAsync(ct);
        return TypedResults.Ok(new CreateCourierResponse(courier.Id));
    }

    private static async Task<Ok> SetAvailability(
        long courierId, CourierAvailabilityRequest request, LegacyDbContext db, StageRouting routing, CourierIdRange courierIds,
        CancellationToken ct)
    {
        RefuseWhenMoved(routing, courierIds, courierId, $"The availability of courier {courierId}", MigrationStage.Live);
        var courier = await db.Couriers.FirstOrDefaultAsync(c => c.Id == courierId, ct)
            ?? throw new NotFoundException("Courier", courierId);
        courier.SetAvailable(request.Available);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok();
    }

    private static async Task<Ok<GetCourierResponse>> GetCourier(long courierId, LegacyDbContext db, StageRouting routing,
        CourierIdRange courierIds, CancellationToken ct)
    {
        // Reads stay answered until complete: the gateway compares them at live, and rollback needs them.
        RefuseWhenMoved(routing, courierIds, courierId, $"Courier {courierId}", MigrationStage.Complete);
        var courier = await db.Couriers.AsNoTracking().Include(c => c.Actions)
            .FirstOrDefaultAsync(c => c.Id == courierId, ct)
            ?? throw new NotFoundException("Courier", courierId);
        var actions = courier.Actions.OrderBy(a => a.Time).ThenBy(a => a.OrderId).ThenBy(a => a.Type)
            .Select(a => new PlannedAction(a.Type == CourierActionType.Pickup ? "PICKUP" : "DROPOFF", a.Time, a.OrderId))
            .ToList();
        return TypedResults.Ok(new GetCourierResponse(courier.Id, courier.Name, courier.Address, courier.Available,
            new CourierPlan(actions)));
    }

    /// <summary>
    /// 410 when the courier is at <paramref name="from"/> or later and on the new side. At live a courier
    /// belongs to the side that registered it, as the gateway routes it (<see cref="GroupRollout.StageForCreator"/>).
    /// </summary>
    private static void RefuseWhenMoved(StageRouting routing, CourierIdRange courierIds, long courierId, string subject,
        MigrationStage from)
    {
        var stage = routing.StageForCreator(StageRouting.Delivery,
            courierIds.RegisteredByService(courierId) ? Side.New : Side.Legacy);
        if (stage >= from && stage.Answering() == Side.New)
        {
            throw new MovedToNewServiceException(StageRouting.Delivery, stage, subject);
        }
    }
}
