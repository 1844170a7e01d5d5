using Ftgo.Legacy.Auth;
using Ftgo.Legacy.Messaging;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ftgo.Legacy.Delivery;

/// <summary>The delivery half of the order routes: pickedup, delivered.</summary>
public static class DeliveryApi
{
    public static IEndpointRouteBuilder MapDeliveryApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/orders/{orderId:long}").WithTags("Delivery").RequireSession();
        group.MapPost("/pickedup", PickedUp);
        group.MapPost("/delivered", Delivered);
        return app;
    }

    private static async Task<Ok> PickedUp(long orderId, IDeliveryService delivery, LegacyOutbox outbox, CancellationToken ct)
    {
        await delivery.PickedUpAsync(orderId, ct);
        await outbox.CommitAsync(ct);
        return TypedResults.Ok();
    }

    private static async Task<Ok> Delivered(long orderId, IDeliveryService delivery, LegacyOutbox outbox, CancellationToken ct)
    {
        await delivery.DeliveredAsync(orderId, ct);
        await outbox.CommitAsync(ct);
        return TypedResults.Ok();
    }
}
