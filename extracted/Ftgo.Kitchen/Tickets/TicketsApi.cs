using Ftgo.Hosting.Json;
using Ftgo.Hosting.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ftgo.Kitchen.Tickets;

public sealed record AcceptTicketRequest(DateTime ReadyBy);

/// <summary>Kitchen's own API, in the ticket's vocabulary: <c>GET /tickets/{id}</c>, <c>POST /tickets/{id}/accept|preparing|ready</c>.</summary>
public static class TicketsApi
{
    public static IEndpointRouteBuilder MapTicketsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/tickets/{ticketId:long}").WithTags("Tickets").RequireAuthorization();
        group.MapGet("", GetTicket.Handle);
        group.MapPost("/accept", (long ticketId, AcceptTicketRequest request, TicketWorkflow tickets, CancellationToken ct) =>
            Run(ticketId, tickets, (t, now) => t.Accept(LocalTime.Normalize(request.ReadyBy), now), ct));
        group.MapPost("/preparing", (long ticketId, TicketWorkflow tickets, CancellationToken ct) =>
            Run(ticketId, tickets, (t, now) => t.Preparing(now), ct));
        group.MapPost("/ready", (long ticketId, TicketWorkflow tickets, CancellationToken ct) =>
            Run(ticketId, tickets, (t, now) => t.ReadyForPickup(now), ct));
        return app;
    }

    private static async Task<Ok> Run(long ticketId, TicketWorkflow tickets, Func<Ticket, DateTime, object> command, CancellationToken ct)
    {
        try
        {
            if (!await tickets.RunAsync(ticketId, command, ct))
            {
                throw new NotFoundException("Ticket", ticketId);
            }
        }
        catch (IllegalTicketTransitionException e)
        {
            throw new ConflictException(e.Message, "illegal-transition");
        }
        catch (ReadyByNotInFutureException e)
        {
            throw new ConflictException(e.Message, "ready-by-in-past");
        }
        return TypedResults.Ok();
    }
}
