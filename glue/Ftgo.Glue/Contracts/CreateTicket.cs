namespace Ftgo.Glue.Contracts;

/// <summary>Command to Kitchen: open a ticket for a new order (ticket id = order id).</summary>
[MessageName("ftgo.kitchen.create-ticket", 1)]
public sealed record CreateTicket(long OrderId, long RestaurantId, IReadOnlyList<TicketLineItemData> LineItems);
