namespace Ftgo.Kitchen.Tickets;

/// <summary>A rule of the ticket was broken. Endpoints translate it into the wording of their contract.</summary>
public abstract class TicketRuleException(string message) : Exception(message);
