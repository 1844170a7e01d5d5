using Ftgo.Delivery.Common;

namespace Ftgo.Delivery.Deliveries;

/// <summary>
/// The delivery of one order (id = order id): where it is picked up and dropped off, which
/// courier carries it, and how far it got. Its state only moves along
/// <see cref="DeliveryStateMachine"/>; every other move is an <see cref="IllegalDeliveryTransitionException"/>.
/// The kitchen's progress (preparing, ready for pickup) is recorded as facts: a courier can only
/// pick up food the kitchen has declared ready, as in the monolith.
/// </summary>
public sealed class Delivery
{
    public long Id { get; private set; }
    public int Version { get; private set; }
    public DeliveryState State { get; private set; }
    public long RestaurantId { get; private set; }
    public Address? PickupAddress { get; private set; }
    public Address DeliveryAddress { get; private set; } = null!;

    /// <summary>The delivery time the consumer was promised when ordering.</summary>
    public DateTime PromisedDeliveryTime { get; private set; }

    public DateTime? ReadyBy { get; private set; }
    public long? AssignedCourierId { get; private set; }
    public DateTime? ScheduledTime { get; private set; }
    public DateTime? PreparingTime { get; private set; }
    public DateTime? ReadyForPickupTime { get; private set; }
    public DateTime? PickedUpTime { get; private set; }
    public DateTime? DeliveredTime { get; private set; }
    public DateTime? CancelledTime { get; private set; }

    private Delivery() { }

    public static Delivery Create(long orderId, long restaurantId, Address deliveryAddress, DateTime promisedDeliveryTime,
        Address? pickupAddress) =>
        new()
        {
            Id = orderId,
            State = DeliveryState.Pending,
            RestaurantId = restaurantId,
            DeliveryAddress = deliveryAddress,
            PromisedDeliveryTime = promisedDeliveryTime,
            PickupAddress = pickupAddress,
            Version = 1,
        };

    public bool Can(DeliveryTrigger trigger) => DeliveryStateMachine.TryNext(State, trigger, out _) && GuardFails(trigger) is null;

    /// <summary>The restaurant's address, once its replica is known.</summary>
    public void LearnPickupAddress(Address address)
    {
        if (PickupAddress is null)
        {
            PickupAddress = address;
            Version++;
        }
    }

    /// <summary>Assigns the courier; the plan itself (PICKUP at readyBy, DROPOFF 30 min later) is the courier's.</summary>
    public void Schedule(long courierId, DateTime readyBy, DateTime now)
    {
        Fire(DeliveryTrigger.Schedule);
        AssignedCourierId = courierId;
        ReadyBy = readyBy;
        ScheduledTime = now;
    }

    public void PickUp(DateTime now)
    {
        Fire(DeliveryTrigger.PickUp);
        PickedUpTime = now;
    }

    public void Deliver(DateTime now)
    {
        Fire(DeliveryTrigger.Deliver);
        DeliveredTime = now;
    }

    public void Cancel(DateTime now)
    {
        Fire(DeliveryTrigger.Cancel);
        CancelledTime = now;
    }

    /// <summary>The kitchen started preparing the food. Returns false when nothing changed (already known, or too late to matter).</summary>
    public bool KitchenPreparing(DateTime time)
    {
        if (PreparingTime is not null || State is not (DeliveryState.Pending or DeliveryState.Scheduled))
        {
            return false;
        }
        PreparingTime = time;
        Version++;
        return true;
    }

    /// <summary>The kitchen declared the food ready for pickup. Returns false when nothing changed.</summary>
    public bool KitchenReadyForPickup(DateTime time)
    {
        if (ReadyForPickupTime is not null || State is not (DeliveryState.Pending or DeliveryState.Scheduled))
        {
            return false;
        }
        ReadyForPickupTime = time;
        Version++;
        return true;
    }

    /// <summary>Throws the domain error unless <paramref name="trigger"/> is legal now; for a use case that must check before it acts.</summary>
    public void Require(DeliveryTrigger trigger) => Next(trigger);

    private void Fire(DeliveryTrigger trigger)
    {
        State = Next(trigger);
        Version++;
    }

    private DeliveryState Next(DeliveryTrigger trigger)
    {
        if (!DeliveryStateMachine.TryNext(State, trigger, out var next))
        {
            var legal = string.Join(" or ", DeliveryStateMachine.LegalFrom(trigger).Select(DeliveryStateMachine.Name));
            throw new IllegalDeliveryTransitionException(Id, State, trigger,
                $"Cannot {Verb(trigger)} delivery {Id}: it is {DeliveryStateMachine.Name(State)}; this needs a delivery in state {legal}.");
        }
        if (GuardFails(trigger) is { } reason)
        {
            throw new IllegalDeliveryTransitionException(Id, State, trigger, $"Cannot {Verb(trigger)} delivery {Id}: {reason}.");
        }
        return next;
    }

    private string? GuardFails(DeliveryTrigger trigger) =>
        trigger == DeliveryTrigger.PickUp && ReadyForPickupTime is null
            ? "the kitchen has not declared the food ready for pickup"
            : null;

    private static string Verb(DeliveryTrigger trigger) => trigger switch
    {
        DeliveryTrigger.Schedule => "schedule",
        DeliveryTrigger.PickUp => "pick up",
        DeliveryTrigger.Deliver => "deliver",
        _ => "cancel",
    };
}
