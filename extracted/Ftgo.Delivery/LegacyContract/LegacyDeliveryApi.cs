using Ftgo.Delivery.Data;
using Ftgo.Delivery.Messaging;
using Ftgo.Hosting.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ftgo.Delivery.LegacyContract;

using Ftgo.Delivery.Deliveries;

/// <summary>
/// The delivery half of the monolith's order routes, answered from the Delivery model:
/// <c>POST /orders/{id}/pickedup|delivered</c>. Delivery id = order id; the model's errors are
/// translated to the monolith's (an unknown delivery is an unknown order, a wrong state is named
/// as the order state a legacy client knows).
/// </summary>
public static class LegacyDeliveryApi
{
    public static IEndpointRouteBuilder MapLegacyDeliveryApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/orders/{orderId:long}").WithTags("Legacy delivery").RequireAuthorization();
        group.MapPost("/pickedup", PickedUp);
        group.MapPost("/delivered", Delivered);
        return app;
    }

    private static async Task<Ok> PickedUp(long orderId, DeliveryDbContext db, IUnitOfWork work, TimeProvider clock,
        ScheduleInFlight schedule, CancellationToken ct)
    {
        await schedule.AwaitAsync(orderId, ct);
        var picked = await Translated(orderId, db, "mark picked up", "READY_FOR_PICKUP",
            () => PickUpDeliveryHandler.Handle(new PickUpDelivery(orderId), db, clock, ct));
        await work.CommitAsync([picked], ct);
        return TypedResults.Ok();
    }

    private static async Task<Ok> Delivered(long orderId, DeliveryDbContext db, IUnitOfWork work, TimeProvider clock,
        CancellationToken ct)
    {
        var delivered = await Translated(orderId, db, "mark delivered", "PICKED_UP",
            () => DeliverDeliveryHandler.Handle(new DeliverDelivery(orderId), db, clock, ct));
        await work.CommitAsync([delivered], ct);
        return TypedResults.Ok();
    }

    private static async Task<T> Translated<T>(long orderId, DeliveryDbContext db, string action, string expectedState,
        Func<Task<T>> useCase)
    {
        try
        {
            return await useCase();
        }
        catch (NotFoundException)
        {
            throw new NotFoundException("Order", orderId);
        }
        catch (IllegalDeliveryTransitionException)
        {
            // The use case loaded the delivery into this context: no second query.
            var delivery = db.Deliveries.Local.Single(d => d.Id == orderId);
            throw LegacyTranslation.IllegalTransition(delivery, action, expectedState);
        }
    }
}
