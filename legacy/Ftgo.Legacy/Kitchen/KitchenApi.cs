using Ftgo.Legacy.Auth;
using Ftgo.Legacy.Messaging;
using Ftgo.Legacy.Orders;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ftgo.Legacy.Kitchen;

/// <summary>
/// The kitchen route group of the legacy contract: accept, preparing, ready. The seam decides who
/// does the work (or answers 410 when the order's kitchen is on the new side); the request commits once.
/// </summary>
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
        LegacyOutbox outbox, CancellationToken ct)
    {
        await kitchen.AcceptAsync(orderId, request.ReadyBy, ct);
        await outbox.CommitAsync(ct);
        return TypedResults.Ok();
    }

    private static async Task<Ok> Preparing(long orderId, IKitchenService kitchen, LegacyOutbox outbox, CancellationToken ct)
    {
        await kitchen.PreparingAsync(orderId, ct);
        await outbox.CommitAsync(ct);
        return TypedResults.Ok();
    }

    private static async Task<Ok> Ready(long orderId, IKitchenService kitchen, LegacyOutbox outbox, CancellationToken ct)
    {
        await kitchen.ReadyForPickupAsync(orderId, ct);
        await outbox.CommitAsync(ct);
        return TypedResults.Ok();
    }
}
