namespace Ftgo.Glue.Acl;

/// <summary>Legacy order + line items ↔ Kitchen ticket + ticket lines.</summary>
public static class KitchenTranslator
{
    public static (TicketRow Ticket, IReadOnlyList<TicketLineItemRow> Lines) ToTicket(
        LegacyOrderRow order, IEnumerable<LegacyOrderLineItemRow> lineItems)
    {
        var ticket = new TicketRow
        {
            Id = order.Id,
            State = OrderStateTranslation.ToTicketState(order.State),
            RestaurantId = order.RestaurantId,
            ReadyBy = order.ReadyBy,
            AcceptTime = order.AcceptTime,
            PreparingTime = order.PreparingTime,
            ReadyForPickupTime = order.ReadyForPickupTime,
            PickedUpTime = order.PickedUpTime,
        };
        var lines = lineItems
            .Where(l => l.OrderId == order.Id)
            .OrderBy(l => l.Id)
            .Select(l => new TicketLineItemRow(order.Id, l.MenuItemId, l.Name, l.Quantity))
            .ToList();
        return (ticket, lines);
    }

    /// <summary>The legacy order after the kitchen's progress on <paramref name="ticket"/> (new → legacy).</summary>
    public static LegacyOrderRow ApplyTicket(LegacyOrderRow order, TicketRow ticket) => order with
    {
        State = OrderStateTranslation.ToLegacyState(ticket.State, DeliveryStateOf(order)),
        ReadyBy = ticket.ReadyBy ?? order.ReadyBy,
        AcceptTime = ticket.AcceptTime ?? order.AcceptTime,
        PreparingTime = ticket.PreparingTime ?? order.PreparingTime,
        ReadyForPickupTime = ticket.ReadyForPickupTime ?? order.ReadyForPickupTime,
        PickedUpTime = ticket.PickedUpTime ?? order.PickedUpTime,
    };

    private static string? DeliveryStateOf(LegacyOrderRow order) =>
        order.State is LegacyOrderStates.PickedUp or LegacyOrderStates.Delivered
            ? OrderStateTranslation.ToDeliveryState(order.State, order.AssignedCourierId is not null)
            : null;
}
