namespace Ftgo.Delivery.Deliveries;

/// <summary>The life of a delivery; serialised upper-case (<c>PICKED_UP</c>).</summary>
public enum DeliveryState
{
    Pending,
    Scheduled,
    PickedUp,
    Delivered,
    Cancelled,
}

/// <summary>What can happen to a delivery; each is legal only from the states in <see cref="DeliveryStateMachine"/>.</summary>
public enum DeliveryTrigger
{
    Schedule,
    PickUp,
    Deliver,
    Cancel,
}
