using Ftgo.Legacy.Data;
using Ftgo.Stages;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ftgo.Legacy.Strangler;

/// <summary>
/// <c>GET /_ftgo/partitions/restaurant?order={id}</c>: the restaurant of an order, for the gateway to key a group
/// split by restaurant on a route that carries only the order id. Internal (the gateway answers 404 to clients for
/// <c>/_ftgo/…</c> and calls a monolith node directly); anonymous, since it tells only which restaurant an order is for.
/// </summary>
public static class PartitionsApi
{
    public static IEndpointRouteBuilder MapPartitionsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet(PartitionOfOrder.Path(PartitionRules.Restaurant), RestaurantOf).AllowAnonymous().ExcludeFromDescription();
        return app;
    }

    private static async Task<Results<Ok<PartitionOfOrder>, NotFound, ProblemHttpResult>> RestaurantOf(string? order, LegacyDbContext db,
        CancellationToken ct)
    {
        if (!long.TryParse(order, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var orderId))
        {
            return TypedResults.Problem(statusCode: 400, title: "invalid order id", type: "urn:ftgo:problem:invalid-request",
                detail: $"'order' must be an order id, not '{order}'.");
        }
        return await OrderCohorts.RestaurantOfAsync(db, orderId, ct) is { } restaurant
            ? TypedResults.Ok(new PartitionOfOrder(orderId, StageRouting.Key(restaurant)))
            : TypedResults.NotFound();
    }
}
