namespace Ftgo.Glue.Contracts;

[MessageName("ftgo.kitchen.ticket-ready-for-pickup", 1)]
public sealed record TicketReadyForPickup(long OrderId, DateTime ReadyForPickupTime);
