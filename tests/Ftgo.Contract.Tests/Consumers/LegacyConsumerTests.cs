using Ftgo.Contract.Tests.Infrastructure;
using Ftgo.Glue.Contracts;
using Ftgo.Glue.Samples;
using Ftgo.Legacy;
using Ftgo.Legacy.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Ftgo.Messaging.Routing;

namespace Ftgo.Contract.Tests.Consumers;

/// <summary>
/// The monolith's glue handlers fed the samples of the new services' events (read by its own
/// serializer), on the order the samples name (the first order placed, id 1) with both groups on the
/// new side; the effect is read through the legacy API.
/// </summary>
public sealed class LegacyConsumerTests : IAsyncLifetime
{
    private ProcessHost<LegacyOptions> _legacy = null!;

    public async Task InitializeAsync()
    {
        _legacy = await ProcessHost<LegacyOptions>.StartAsync();
        Assert.Equal(1, await Json.CreateOrderOnLegacyAsync(_legacy.Client));
    }

    public async Task DisposeAsync() => await _legacy.DisposeAsync();

    [Fact]
    [ConsumerContract(Queues.Legacy, typeof(TicketAccepted))]
    public async Task TicketAccepted_AcceptsTheOrder()
    {
        await HandleSamplesAsync(typeof(TicketAccepted));

        Assert.Equal("ACCEPTED", await StateAsync());
    }

    [Fact]
    [ConsumerContract(Queues.Legacy, typeof(TicketPreparing))]
    public async Task TicketPreparing_MovesTheOrderToPreparing()
    {
        await HandleSamplesAsync(typeof(TicketAccepted), typeof(TicketPreparing));

        Assert.Equal("PREPARING", await StateAsync());
    }

    [Fact]
    [ConsumerContract(Queues.Legacy, typeof(TicketReadyForPickup))]
    public async Task TicketReadyForPickup_MovesTheOrderToReadyForPickup()
    {
        await HandleSamplesAsync(typeof(TicketAccepted), typeof(TicketPreparing), typeof(TicketReadyForPickup));

        Assert.Equal("READY_FOR_PICKUP", await StateAsync());
    }

    [Fact]
    [ConsumerContract(Queues.Legacy, typeof(CourierScheduledForDelivery))]
    public async Task CourierScheduledForDelivery_ShowsTheCourierAndItsActionsOnTheOrder()
    {
        await HandleSamplesAsync(typeof(TicketAccepted), typeof(CourierScheduledForDelivery));

        var order = (await _legacy.Client.GetOkAsync("/orders/1"))!;
        Assert.Equal(1, order["assignedCourier"]!.GetValue<long>());
        Assert.Equal(["PICKUP@2030-01-01T12:00:00", "DROPOFF@2030-01-01T12:30:00"],
            order["courierActions"]!.AsArray().Select(a => $"{a!["type"]}@{a["time"]}"));
    }

    [Fact]
    [ConsumerContract(Queues.Legacy, typeof(DeliveryPickedUp))]
    public async Task DeliveryPickedUp_MovesTheOrderToPickedUp()
    {
        await HandleSamplesAsync(typeof(TicketAccepted), typeof(TicketPreparing), typeof(TicketReadyForPickup), typeof(DeliveryPickedUp));

        Assert.Equal("PICKED_UP", await StateAsync());
    }

    [Fact]
    [ConsumerContract(Queues.Legacy, typeof(DeliveryDelivered))]
    public async Task DeliveryDelivered_MovesTheOrderToDelivered()
    {
        await HandleSamplesAsync(typeof(TicketAccepted), typeof(TicketPreparing), typeof(TicketReadyForPickup), typeof(DeliveryPickedUp),
            typeof(DeliveryDelivered));

        Assert.Equal("DELIVERED", await StateAsync());
    }

    [Fact]
    [ConsumerContract(Queues.Legacy, typeof(CourierAvailabilityChanged))]
    public async Task CourierAvailabilityChanged_GivesTheMonolithTheCourierAsAvailable()
    {
        // At rampdown the monolith's courier routes answer 410, so the row is read through its own context:
        // the courier the sample names is new to the monolith and is added by id with the sample's availability.
        await HandleSamplesAsync(typeof(CourierAvailabilityChanged));

        await using var scope = _legacy.Services.CreateAsyncScope();
        var courier = await scope.ServiceProvider.GetRequiredService<LegacyDbContext>().Couriers.AsNoTracking().SingleAsync(c => c.Id == 1);
        Assert.True(courier.Available);
    }

    [Fact]
    [ConsumerContract(Queues.Legacy, typeof(CourierCreated))]
    public async Task CourierCreated_GivesTheMonolithTheWholeCourier()
    {
        await HandleSamplesAsync(typeof(CourierCreated));

        await using var scope = _legacy.Services.CreateAsyncScope();
        var courier = await scope.ServiceProvider.GetRequiredService<LegacyDbContext>().Couriers.AsNoTracking()
            .SingleAsync(c => c.Id == 1_000_000_001);
        Assert.Equal(("Chris", "Courier", "1 Courier Way", "94610"), (courier.Name.FirstName, courier.Name.LastName, courier.Address.Street1, courier.Address.Zip));
        Assert.False(courier.Available);
    }

    private async Task HandleSamplesAsync(params Type[] contracts)
    {
        foreach (var contract in contracts)
        {
            await _legacy.HandleAsync(_legacy.Read(contract, MessageSamples.Of(contract)));
        }
    }

    private async Task<string> StateAsync() => (await _legacy.Client.GetOkAsync("/orders/1"))!["state"]!.GetValue<string>();
}
