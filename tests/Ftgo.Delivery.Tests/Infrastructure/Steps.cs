using Ftgo.Delivery.Couriers;
using Ftgo.Delivery.Restaurants;
using Ftgo.Glue.Contracts;
using Ftgo.Hosting.Json;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Delivery.Tests.Infrastructure;

using Ftgo.Delivery.Deliveries;

/// <summary>The service's use cases driven through their handlers, one commit each, as the messaging layer will.</summary>
public static class Steps
{
    public static DateTime Now(this DeliveryApp app) => LocalTime.Now(app.Clock);

    public static async Task<long> CreateCourierAsync(this DeliveryApp app, bool available = true, string firstName = "John")
    {
        var courier = await app.HandleAsync(db =>
            Task.FromResult(CreateCourierHandler.Handle(new CreateCourier(new(firstName, "Courier"), TestData.CourierAddress), db)));
        if (available)
        {
            await app.HandleAsync(db => SetCourierAvailabilityHandler.Handle(new SetCourierAvailability(courier.Id, true), db, default));
        }
        return courier.Id;
    }

    public static Task ReplicateRestaurantAsync(this DeliveryApp app, long restaurantId) =>
        app.HandleAsync(db => ReplicateRestaurantHandler.Handle(
            new ReplicateRestaurant(restaurantId, "Ajanta", TestData.RestaurantAddress), db, default));

    /// <summary>An OrderCreated for a fresh order id, promised <paramref name="promisedIn"/> from now (default 2 h).</summary>
    public static async Task<long> CreatePendingAsync(this DeliveryApp app, long restaurantId = 1, TimeSpan? promisedIn = null,
        long? orderId = null)
    {
        var id = orderId ?? TestData.NextOrderId();
        await app.HandleAsync(db => OrderCreatedHandler.Handle(
            TestData.OrderCreated(id, restaurantId, app.Now() + (promisedIn ?? TimeSpan.FromHours(2))), db, default));
        return id;
    }

    public static Task<CourierScheduledForDelivery?> ScheduleAsync(this DeliveryApp app, long orderId, DateTime readyBy,
        DateTime? acceptTime = null) =>
        app.HandleAsync(db => ScheduleDeliveryHandler.Handle(
            new ScheduleDelivery(orderId, 1, readyBy, TestData.DeliveryAddressData, acceptTime), db, app.Clock, default));

    public static Task PreparingAsync(this DeliveryApp app, long orderId) =>
        app.HandleAsync(db => TicketPreparingHandler.Handle(new TicketPreparing(orderId, app.Now()), db, default));

    public static Task ReadyForPickupAsync(this DeliveryApp app, long orderId) =>
        app.HandleAsync(db => TicketReadyForPickupHandler.Handle(new TicketReadyForPickup(orderId, app.Now()), db, default));

    public static Task<DeliveryPickedUp> PickUpAsync(this DeliveryApp app, long orderId) =>
        app.HandleAsync(db => PickUpDeliveryHandler.Handle(new PickUpDelivery(orderId), db, app.Clock, default));

    public static Task<DeliveryDelivered> DeliverAsync(this DeliveryApp app, long orderId) =>
        app.HandleAsync(db => DeliverDeliveryHandler.Handle(new DeliverDelivery(orderId), db, app.Clock, default));

    public static Task CancelAsync(this DeliveryApp app, long orderId) =>
        app.HandleAsync(db => CancelDeliveryHandler.Handle(new CancelDelivery(orderId), db, app.Clock, default));

    /// <summary>A delivery scheduled on an available courier, its food ready for pickup at readyBy = now + 1 h.</summary>
    public static async Task<long> ReadyForPickupDeliveryAsync(this DeliveryApp app, TimeSpan? promisedIn = null)
    {
        var orderId = await app.CreatePendingAsync(promisedIn: promisedIn);
        Assert.NotNull(await app.ScheduleAsync(orderId, app.Now().AddHours(1)));
        await app.ReadyForPickupAsync(orderId);
        return orderId;
    }

    public static Task<Delivery> DeliveryAsync(this DeliveryApp app, long id) =>
        app.QueryAsync(db => db.Deliveries.AsNoTracking().SingleAsync(d => d.Id == id));

    public static Task<Courier> CourierAsync(this DeliveryApp app, long id) =>
        app.QueryAsync(db => db.Couriers.AsNoTracking().Include(c => c.Actions).SingleAsync(c => c.Id == id));
}
