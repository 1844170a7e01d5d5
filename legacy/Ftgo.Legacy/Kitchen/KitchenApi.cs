using Ftgo.Legacy.Auth;
using Ftgo.Legacy.Data;
using Ftgo.Legacy.Orders;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ftgo.Legacy.Kitchen;

/// <summary>The kitchen route group of the legacy contract: accept, preparing, ready.</summary>
public static class KitchenApi
{
    public static IEndpointRouteBuilder MapKitchenApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/orders/{orderId:long}").WithTags("Kitchen").RequireSession();
        group.MapPost("/accept", Accept);
        group.MapPost("/preparing", Preparing);
        group.MapPost("/ready", Ready);
        return app;
    }

    private static async Task<Ok> Accept(long orderId, AcceptOrderRequest request, IKitchenService kitchen,
        LegacyDbContext db, CancellationToken ct)
    {
        await kitchen.AcceptAsync(orderId, request.ReadyBy, ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok();
    }

    private static async Task<Ok> Preparing(long orderId, IKitchenService kitchen, LegacyDbContext db, CancellationToken ct)
    {
        await kitchen.PreparingAsync(orderId, ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok();
    }

    private static async Task<Ok> Ready(long orderId, IKitchenService kitchen, LegacyDbContext db, CancellationToken ct)
    {
        await kitchen.ReadyForPickupAsync(orderId, ct);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok();
    }
}
