namespace Ftgo.Glue.Contracts;

// Value shapes shared by several messages. Times are local date-times without offset, as the
// legacy model keeps them; money is a decimal.

public sealed record AddressData(string Street1, string? Street2, string City, string State, string Zip);

public sealed record TicketLineItemData(string MenuItemId, string Name, int Quantity);

public sealed record OrderLineItemData(string MenuItemId, string Name, decimal Price, int Quantity);

public sealed record CourierActionData(string Type, DateTime Time);
