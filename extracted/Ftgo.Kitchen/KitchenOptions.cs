namespace Ftgo.Kitchen;

/// <summary>
/// Settings of the Kitchen service, bound from <c>Ftgo:Kitchen</c>. None of its own yet: storage, bus,
/// auth and sync are the shared <c>Ftgo:*</c> settings. Test hosts name the service by this type, as
/// they name the monolith and Delivery by <c>LegacyOptions</c> and <c>DeliveryOptions</c>.
/// </summary>
public sealed record KitchenOptions
{
    public const string Section = "Ftgo:Kitchen";
}
