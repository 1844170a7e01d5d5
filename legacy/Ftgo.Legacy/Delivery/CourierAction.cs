namespace Ftgo.Legacy.Delivery;

public enum CourierActionType
{
    Pickup,
    Dropoff,
}

public sealed class CourierAction
{
    public long Id { get; private set; }
    public long CourierId { get; private set; }
    public long OrderId { get; private set; }
    public CourierActionType Type { get; private set; }
    public DateTime Time { get; private set; }

    private CourierAction() { }

    public CourierAction(long orderId, CourierActionType type, DateTime time)
    {
        OrderId = orderId;
        Type = type;
        Time = time;
    }
}
