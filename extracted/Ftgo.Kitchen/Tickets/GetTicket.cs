using Ftgo.Hosting.Problems;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Ftgo.Kitchen.Tickets;

/// <summary>Kitchen's own view of a ticket (not a legacy shape).</summary>
public sealed record TicketResponse(
    long Id,
    long RestaurantId,
    string State,
    string? PreviousState,
    DateTime? ReadyBy,
    DateTime? AcceptTime,
    DateTime? PreparingTime,
    DateTime? ReadyForPickupTime,
    DateTime? PickedUpTime,
    IReadOnlyList<TicketLineItemResponse> LineItems);

public sealed record TicketLineItemResponse(string MenuItemId, string Name, int Quantity);

/// <summary><c>GET /tickets/{id}</c>: the ticket, or 404.</summary>
public static class GetTicket
{
    public static async Task<Ok<TicketResponse>> Handle(long ticketId, TicketWorkflow tickets, CancellationToken ct)
    {
        var t = await tickets.FindAsync(ticketId, ct) ?? throw new NotFoundException("Ticket", ticketId);
        return TypedResults.Ok(new TicketResponse(t.Id, t.RestaurantId, TicketStates.Name(t.State),
            t.PreviousState is { } p ? TicketStates.Name(p) : null, t.ReadyBy, t.AcceptTime, t.PreparingTime,
            t.ReadyForPickupTime, t.PickedUpTime,
            t.LineItems.Select(l => new TicketLineItemResponse(l.MenuItemId, l.Name, l.Quantity)).ToList()));
    }
}
