namespace Ftgo.Glue.Contracts;

[MessageName("ftgo.kitchen.ticket-preparing", 1)]
public sealed record TicketPreparing(long OrderId, DateTime PreparingTime);
