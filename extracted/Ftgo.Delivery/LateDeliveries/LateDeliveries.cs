using Ftgo.Delivery.Data;
using Ftgo.Delivery.Deliveries;
using Ftgo.Hosting.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Ftgo.Delivery.LateDeliveries;

/// <summary>
/// What only the new service can answer (book 13.4): which deliveries broke their promise. A
/// delivery is late when it is not delivered and now is past its promised delivery time, or
/// when it was delivered after it; cancelled ones never are. Built from this service's own data.
/// </summary>
public sealed record LateDeliveriesResponse(DateTime AsOf, IReadOnlyList<LateDelivery> Deliveries);

/// <param name="MinutesLate">Whole minutes past the promise, rounded up: 30 seconds late is 1 minute late.</param>
public sealed record LateDelivery(
    long DeliveryId,
    DeliveryState State,
    long RestaurantId,
    long? AssignedCourierId,
    DateTime PromisedDeliveryTime,
    DateTime? DeliveredTime,
    int MinutesLate);

public static class LateDeliveriesQuery
{
    public static IEndpointRouteBuilder MapLateDeliveriesApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/deliveries/late", Handle).WithTags("Deliveries").RequireAuthorization();
        return app;
    }

    public static async Task<Ok<LateDeliveriesResponse>> Handle(DeliveryDbContext db, TimeProvider clock,
        IOptions<DeliveryOptions> options, CancellationToken ct)
    {
        var now = LocalTime.Now(clock);
        var late = await db.Deliveries.AsNoTracking()
            .Where(d => d.State != DeliveryState.Cancelled
                && ((d.DeliveredTime == null && d.PromisedDeliveryTime < now)
                    || (d.DeliveredTime != null && d.DeliveredTime > d.PromisedDeliveryTime)))
            .Select(d => new { d.Id, d.State, d.RestaurantId, d.AssignedCourierId, d.PromisedDeliveryTime, d.DeliveredTime })
            .ToListAsync(ct);
        var answer = late
            .Select(d => new LateDelivery(d.Id, d.State, d.RestaurantId, d.AssignedCourierId, d.PromisedDeliveryTime,
                d.DeliveredTime, MinutesLate(d.PromisedDeliveryTime, d.DeliveredTime ?? now)))
            .OrderByDescending(d => d.MinutesLate).ThenBy(d => d.DeliveryId)
            .Take(options.Value.LateListLimit)
            .ToList();
        return TypedResults.Ok(new LateDeliveriesResponse(now, answer));
    }

    private static int MinutesLate(DateTime promised, DateTime actual) => (int)Math.Ceiling((actual - promised).TotalMinutes);
}
