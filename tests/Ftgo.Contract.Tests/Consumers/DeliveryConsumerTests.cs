using Ftgo.Contract.Tests.Infrastructure;
using Ftgo.Delivery;
using Ftgo.Glue.Contracts;
using Ftgo.Glue.Samples;
using Ftgo.Messaging.Routing;

namespace Ftgo.Contract.Tests.Consumers;

/// <summary>Delivery's handlers fed the samples (read by its own serializer); the effect is read through its API.</summary>
public sealed class DeliveryConsumerTests : IAsyncLifetime
{
    private ProcessHost<DeliveryOptions> _delivery = null!;

    public async Task InitializeAsync() => _delivery = await ProcessHost<DeliveryOptions>.StartAsync();

    public async Task DisposeAsync() => await _delivery.DisposeAsync();

    [Fact]
    [ConsumerContract(Queues.Delivery, typeof(OrderCreated))]
    public async Task OrderCreated_OpensAPendingDeliveryToTheSamplesAddress()
    {
        await HandleSampleAsync(typeof(OrderCreated));

        var delivery = (await _delivery.Client.GetOkAsync("/deliveries/1"))!;
        Assert.Equal(("PENDING", "Oakland"), (delivery["state"]!.GetValue<string>(), delivery["deliveryAddress"]!["city"]!.GetValue<string>()));
    }

    [Fact]
    [ConsumerContract(Queues.Delivery, typeof(ScheduleDelivery))]
    public async Task ScheduleDelivery_AssignsTheAvailableCourierAtTheSamplesReadyBy()
    {
        var courierId = await AvailableCourierAsync();
        await HandleSampleAsync(typeof(OrderCreated));

        await HandleSampleAsync(typeof(ScheduleDelivery));

        var delivery = (await _delivery.Client.GetOkAsync("/deliveries/1"))!;
        Assert.Equal(("SCHEDULED", courierId, "2030-01-01T12:00:00"),
            (delivery["state"]!.GetValue<string>(), delivery["assignedCourierId"]!.GetValue<long>(), delivery["readyBy"]!.GetValue<string>()));
    }

    [Fact]
    [ConsumerContract(Queues.Delivery, typeof(CancelDelivery))]
    public async Task CancelDelivery_CancelsTheDelivery()
    {
        await HandleSampleAsync(typeof(OrderCreated));

        await HandleSampleAsync(typeof(CancelDelivery));

        Assert.Equal("CANCELLED", (await _delivery.Client.GetOkAsync("/deliveries/1"))!["state"]!.GetValue<string>());
    }

    [Fact]
    [ConsumerContract(Queues.Delivery, typeof(TicketPreparing))]
    public async Task TicketPreparing_RecordsTheSamplesPreparingTime()
    {
        await HandleSampleAsync(typeof(OrderCreated));

        await HandleSampleAsync(typeof(TicketPreparing));

        Assert.Equal("2029-12-31T11:10:00", (await _delivery.Client.GetOkAsync("/deliveries/1"))!["preparingTime"]!.GetValue<string>());
    }

    [Fact]
    [ConsumerContract(Queues.Delivery, typeof(TicketReadyForPickup))]
    public async Task TicketReadyForPickup_RecordsTheSamplesTimeAndLetsTheCourierPickUp()
    {
        await AvailableCourierAsync();
        await HandleSampleAsync(typeof(OrderCreated));
        await HandleSampleAsync(typeof(ScheduleDelivery));

        await HandleSampleAsync(typeof(TicketReadyForPickup));

        Assert.Equal("2029-12-31T11:40:00", (await _delivery.Client.GetOkAsync("/deliveries/1"))!["readyForPickupTime"]!.GetValue<string>());
        await _delivery.Client.PostOkAsync("/orders/1/pickedup");
    }

    private async Task<long> AvailableCourierAsync()
    {
        var id = (await _delivery.Client.PostOkAsync("/couriers", new { name = new { firstName = "Chris", lastName = "Courier" }, address = Json.Address }))!
            ["id"]!.GetValue<long>();
        await _delivery.Client.PostOkAsync($"/couriers/{id}/availability", new { available = true });
        return id;
    }

    private Task HandleSampleAsync(Type contract) => _delivery.HandleAsync(_delivery.Read(contract, MessageSamples.Of(contract)));
}
