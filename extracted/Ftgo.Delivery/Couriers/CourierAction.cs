namespace Ftgo.Delivery.Couriers;

public enum CourierActionType
{
    Pickup,
    Dropoff,
}

/// <summary>One step of a courier's plan: pick up or drop off a delivery at a time.</summary>
public sealed class CourierAction
{
    public long Id { get; private set; }
    public long CourierId { get; private set; }
    public long DeliveryId { get; private set; }
    public CourierActionType Type { get; private set; }
    public DateTime Time { get; private set; }

    private CourierAction() { }

    internal CourierAction(long deliveryId, CourierActionType type, DateTime time)
    {
        DeliveryId = deliveryId;
        Type = type;
        Time = time;
    }

    /// <summary>The wire and storage name: <c>PICKUP</c> or <c>DROPOFF</c>.</summary>
    public static string Name(CourierActionType type) => type == CourierActionType.Pickup ? "PICKUP" : "DROPOFF";

    public static CourierActionType Parse(string name) => name switch
    {
        "PICKUP" => CourierActionType.Pickup,
        "DROPOFF" => CourierActionType.Dropoff,
        _ => throw new FormatException($"Unknown courier action '{name}'."),
    };
}
