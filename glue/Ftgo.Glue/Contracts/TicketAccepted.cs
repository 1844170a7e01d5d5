namespace Ftgo.Glue.Contracts;

/// <summary>Event of Kitchen: the restaurant accepted the ticket and promised it ready by <paramref name="ReadyBy"/>.</summary>
[MessageName("ftgo.kitchen.ticket-accepted", 1)]
public sealed record TicketAccepted(long OrderId, DateTime ReadyBy, DateTime AcceptTime);
