namespace Ftgo.Legacy.Orders;

/// <summary>
/// The states of a legacy order: kitchen and delivery progress live on the order row itself.
/// Serialised and stored upper-case (<c>READY_FOR_PICKUP</c>), as FTGO does.
/// </summary>
public enum OrderState
{
    Approved,
    Accepted,
    Preparing,
    ReadyForPickup,
    PickedUp,
    Delivered,
    Cancelled,
}
