namespace Ftgo.Delivery;

/// <summary>Settings of the Delivery service, bound from <c>Ftgo:Delivery</c>.</summary>
public sealed record DeliveryOptions
{
    public const string Section = "Ftgo:Delivery";

    /// <summary>At most this many deliveries in <c>GET /deliveries/late</c>, the latest first.</summary>
    public int LateListLimit { get; init; } = 500;
}
