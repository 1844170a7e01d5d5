using Ftgo.Hosting.Problems;

namespace Ftgo.Delivery.Deliveries;

/// <summary>A domain error: the delivery is not in a state that allows this (409 <c>illegal-transition</c>).</summary>
public sealed class IllegalDeliveryTransitionException(long deliveryId, DeliveryState state, DeliveryTrigger trigger, string message)
    : FtgoProblemException(StatusCodes.Status409Conflict, "illegal-transition", message)
{
    public long DeliveryId { get; } = deliveryId;
    public DeliveryState State { get; } = state;
    public DeliveryTrigger Trigger { get; } = trigger;
}
