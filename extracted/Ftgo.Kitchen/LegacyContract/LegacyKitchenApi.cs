using Ftgo.Hosting.Json;
using Ftgo.Hosting.Problems;
using Ftgo.Kitchen.Tickets;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ftgo.Kitchen.LegacyContract;

/// <summary>
/// The legacy contract's kitchen routes, served by Kitchen: <c>POST /orders/{id}/accept|preparing|ready</c>.
/// They answer as the monolith does — 200 with no body, or the same problem codes and sentences,
/// in order vocabulary (the ticket's state translated to the order's).
/// </summary>
public static class LegacyKitchenApi
{
    public static IEndpointRouteBuilder MapLegacyKitchenApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/orders/{orderId:long}").WithTags("Legacy kitchen").RequireAuthorization();
        group.MapPost("/accept", (long orderId, AcceptOrderRequest request, TicketWorkflow tickets, CancellationToken ct) =>
            Run(orderId, tickets, (t, now) => t.Accept(LocalTime.Normalize(request.ReadyBy), now), ct));
        group.MapPost("/preparing", (long orderId, TicketWorkflow tickets, CancellationToken ct) =>
            Run(orderId, tickets, (t, now) => t.Preparing(now), ct));
        group.MapPost("/ready", (long orderId, TicketWorkflow tickets, CancellationToken ct) =>
            Run(orderId, tickets, (t, now) => t.ReadyForPickup(now), ct));
        return app;
    }

    private static async Task<Ok> Run(long orderId, TicketWorkflow tickets, Func<Ticket, DateTime, object> command, CancellationToken ct)
    {
        try
        {
            if (!await tickets.RunAsync(orderId, command, ct))
            {
                throw new NotFoundException("Order", orderId);
            }
        }
        catch (IllegalTicketTransitionException e)
        {
            throw new ConflictException(LegacyTranslation.IllegalTransition(e), "illegal-transition");
        }
        catch (ReadyByNotInFutureException e)
        {
            throw new ConflictException(e.Message, "ready-by-in-past");
        }
        return TypedResults.Ok();
    }
}
