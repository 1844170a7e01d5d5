using Ftgo.Delivery.Common;
using Ftgo.Glue.Acl;
using Ftgo.Delivery.Couriers;
using Ftgo.Hosting.Problems;

namespace Ftgo.Delivery.LegacyContract;

using Ftgo.Delivery.Deliveries;

/// <summary>
/// The anti-corruption layer between the Delivery model and the monolith's shapes: names, flat
/// addresses, the order state a legacy client would see, and the monolith's validation and
/// error wording.
/// </summary>
public static class LegacyTranslation
{
    /// <summary>
    /// The legacy order state a delivery stands for. The monolith kept kitchen and delivery progress on one row; the
    /// delivery knows the kitchen's progress from its events, and the glue's one translation
    /// (<see cref="OrderStateTranslation"/>) puts the two halves together as the CDC applier does.
    /// </summary>
    public static string OrderState(Delivery delivery) => OrderStateTranslation.ToLegacyState(KitchenHalf(delivery), DeliveryStateName(delivery.State));

    private static string? KitchenHalf(Delivery delivery) =>
        delivery.ReadyForPickupTime is not null ? TicketStates.ReadyForPickup
        : delivery.PreparingTime is not null ? TicketStates.Preparing
        : null;

    private static string DeliveryStateName(DeliveryState state) => state switch
    {
        DeliveryState.Pending => DeliveryStates.Pending,
        DeliveryState.Scheduled => DeliveryStates.Scheduled,
        DeliveryState.PickedUp => DeliveryStates.PickedUp,
        DeliveryState.Delivered => DeliveryStates.Delivered,
        _ => DeliveryStates.Cancelled,
    };

    /// <summary>The monolith's 409 for an order in the wrong state, word for word.</summary>
    public static ConflictException IllegalTransition(Delivery delivery, string action, string expectedState) =>
        new($"Cannot {action} order {delivery.Id}: it is {OrderState(delivery)}; this needs an order in state {expectedState}.",
            "illegal-transition");

    public static LegacyAddress ToLegacy(Address address) =>
        new(address.Street1, address.City, address.State, address.Zip) { Street2 = address.Street2 };

    public static LegacyPersonName ToLegacy(PersonName name) => new(name.FirstName, name.LastName);

    public static PlannedAction ToLegacy(CourierAction action) =>
        new(CourierAction.Name(action.Type), action.Time, action.DeliveryId);

    /// <summary>The monolith's input checks, with its messages: each failure is a 400.</summary>
    public static PersonName ToName(LegacyPersonName? name, string field)
    {
        if (name is null)
        {
            throw new InvalidRequestException($"'{field}' is required.");
        }
        return new PersonName(Text(name.FirstName, $"{field}.firstName", NameLength), Text(name.LastName, $"{field}.lastName", NameLength));
    }

    public static Address ToAddress(LegacyAddress? address, string field)
    {
        if (address is null)
        {
            throw new InvalidRequestException($"'{field}' is required.");
        }
        return new Address(
            Text(address.Street1, $"{field}.street1", StreetLength),
            string.IsNullOrWhiteSpace(address.Street2) ? null : Text(address.Street2, $"{field}.street2", StreetLength),
            Text(address.City, $"{field}.city", NameLength),
            Text(address.State, $"{field}.state", 50),
            Text(address.Zip, $"{field}.zip", 20));
    }

    // The monolith's column lengths, which are this service's too (see DeliveryDbContext).
    private const int NameLength = 100;
    private const int StreetLength = 200;

    private static string Text(string? value, string field, int maxLength)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new InvalidRequestException($"'{field}' is required.");
        }
        var text = value.Trim();
        return text.Length <= maxLength
            ? text
            : throw new InvalidRequestException($"'{field}' must be at most {maxLength} characters.");
    }
}
