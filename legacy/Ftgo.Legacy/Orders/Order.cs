using Ftgo.Hosting.Problems;
using Ftgo.Legacy.Common;

namespace Ftgo.Legacy.Orders;

/// <summary>
/// The monolith's order: one row carrying the order, the kitchen's progress and the delivery's
/// progress, as FTGO's monolith kept them. Every change bumps <see cref="Version"/>, the
/// optimistic-concurrency token, so a second concurrent change fails instead of overwriting.
/// </summary>
public sealed class Order
{
    private readonly List<OrderLineItem> _lineItems = [];

    public long Id { get; private set; }
    public int Version { get; private set; }
    public OrderState State { get; private set; }
    public long ConsumerId { get; private set; }
    public long RestaurantId { get; private set; }
    public string? PaymentToken { get; private set; }
    public decimal OrderMinimum { get; private set; }
    public DateTime DeliveryTime { get; private set; }
    public Address DeliveryAddress { get; private set; } = null!;
    public DateTime? ReadyBy { get; private set; }
    public DateTime? AcceptTime { get; private set; }
    public DateTime? PreparingTime { get; private set; }
    public DateTime? ReadyForPickupTime { get; private set; }
    public DateTime? PickedUpTime { get; private set; }
    public DateTime? DeliveredTime { get; private set; }
    public long? AssignedCourierId { get; private set; }

    public IReadOnlyList<OrderLineItem> LineItems => _lineItems;

    public decimal OrderTotal => _lineItems.Sum(l => l.Total);

    private Order() { }

    public static Order Create(long consumerId, long restaurantId, IEnumerable<OrderLineItem> lineItems,
        Address deliveryAddress, DateTime deliveryTime, decimal orderMinimum)
    {
        var order = new Order
        {
            State = OrderState.Approved,
            ConsumerId = consumerId,
            RestaurantId = restaurantId,
            DeliveryAddress = deliveryAddress,
            DeliveryTime = deliveryTime,
            OrderMinimum = orderMinimum,
            Version = 1,
        };
        order._lineItems.AddRange(lineItems);
        if (order.OrderTotal < orderMinimum)
        {
            throw new InvalidRequestException(
                $"The order total {order.OrderTotal:0.00} is below the order minimum {orderMinimum:0.00}.",
                "order-minimum-not-met");
        }
        return order;
    }

    /// <summary>Changes line-item quantities; a quantity of 0 removes the item. Only while APPROVED.</summary>
    public void Revise(IReadOnlyDictionary<string, int> quantities)
    {
        Require(OrderState.Approved, "revise");
        foreach (var menuItemId in quantities.Keys.Where(id => _lineItems.All(l => l.MenuItemId != id)))
        {
            throw new InvalidRequestException($"Order {Id} has no line item with menu item '{menuItemId}'.");
        }
        var newTotal = _lineItems.Sum(l => l.Price * quantities.GetValueOrDefault(l.MenuItemId, l.Quantity));
        if (newTotal < OrderMinimum)
        {
            throw new ConflictException(
                $"The revised total {newTotal:0.00} is below the order minimum {OrderMinimum:0.00}.",
                "order-minimum-not-met");
        }
        foreach (var line in _lineItems.ToList())
        {
            if (quantities.TryGetValue(line.MenuItemId, out var quantity))
            {
                if (quantity == 0)
                {
                    _lineItems.Remove(line);
                }
                else
                {
                    line.Quantity = quantity;
                }
            }
        }
        Version++;
    }

    public void Cancel()
    {
        Require(OrderState.Approved, "cancel");
        Move(OrderState.Cancelled);
    }

    public void Accept(DateTime readyBy, DateTime now)
    {
        Require(OrderState.Approved, "accept");
        // The courier's DROPOFF is planned 30 minutes after readyBy: that must still be a date-time.
        if (readyBy > DateTime.MaxValue.AddMinutes(-30))
        {
            throw new InvalidRequestException($"readyBy {readyBy:yyyy-MM-ddTHH:mm:ss} is out of range.");
        }
        if (readyBy <= now)
        {
            throw new ConflictException(
                $"readyBy {readyBy:yyyy-MM-ddTHH:mm:ss} is not in the future.", "ready-by-in-past");
        }
        ReadyBy = readyBy;
        AcceptTime = now;
        Move(OrderState.Accepted);
    }

    public void AssignCourier(long courierId)
    {
        AssignedCourierId = courierId;
        Version++;
    }

    public void Preparing(DateTime now)
    {
        Require(OrderState.Accepted, "start preparing");
        PreparingTime = now;
        Move(OrderState.Preparing);
    }

    public void ReadyForPickup(DateTime now)
    {
        Require(OrderState.Preparing, "mark ready for pickup");
        ReadyForPickupTime = now;
        Move(OrderState.ReadyForPickup);
    }

    public void PickedUp(DateTime now)
    {
        Require(OrderState.ReadyForPickup, "mark picked up");
        PickedUpTime = now;
        Move(OrderState.PickedUp);
    }

    public void Delivered(DateTime now)
    {
        Require(OrderState.PickedUp, "mark delivered");
        DeliveredTime = now;
        Move(OrderState.Delivered);
    }

    /// <summary>
    /// Takes the new side's facts about this order (new → legacy sync by the glue handlers). No client
    /// rule applies — the new service already enforced its own; the caller decides what is newer.
    /// Bumps <see cref="Version"/> when anything changed; returns whether it did.
    /// </summary>
    public bool Synchronise(OrderState state, DateTime? readyBy, DateTime? acceptTime, DateTime? preparingTime,
        DateTime? readyForPickupTime, DateTime? pickedUpTime, DateTime? deliveredTime, long? assignedCourierId)
    {
        if (State == state && ReadyBy == readyBy && AcceptTime == acceptTime && PreparingTime == preparingTime
            && ReadyForPickupTime == readyForPickupTime && PickedUpTime == pickedUpTime && DeliveredTime == deliveredTime
            && AssignedCourierId == assignedCourierId)
        {
            return false;
        }
        State = state;
        ReadyBy = readyBy;
        AcceptTime = acceptTime;
        PreparingTime = preparingTime;
        ReadyForPickupTime = readyForPickupTime;
        PickedUpTime = pickedUpTime;
        DeliveredTime = deliveredTime;
        AssignedCourierId = assignedCourierId;
        Version++;
        return true;
    }

    private void Require(OrderState expected, string action)
    {
        if (State != expected)
        {
            throw new ConflictException(
                $"Cannot {action} order {Id}: it is {OrderStates.Name(State)}; this needs an order in state {OrderStates.Name(expected)}.",
                "illegal-transition");
        }
    }

    private void Move(OrderState next)
    {
        State = next;
        Version++;
    }
}
