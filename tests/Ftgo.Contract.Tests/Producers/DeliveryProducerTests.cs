using Ftgo.Contract.Tests.Infrastructure;
using Ftgo.Delivery;
using Ftgo.Glue.Contracts;
using Ftgo.Glue.Samples;
using Ftgo.Messaging.Routing;

namespace Ftgo.Contract.Tests.Producers;

/// <summary>
/// Delivery's events, produced by its own code paths — the legacy-compatible courier and delivery
/// routes, and its handler of <see cref="ScheduleDelivery"/> — through its outbox, read off the
/// monolith's queue (the monolith does not run here). The delivery is opened and readied from the
/// samples of the messages that do it in the running system.
/// </summary>
public sealed class DeliveryProducerTests(DeliveryProducerTests.Run run) : IClassFixture<DeliveryProducerTests.Run>
{
    [Fact]
    [ProducerContract(typeof(CourierCreated))]
    public async Task RegisteringACourier_PublishesCourierCreatedAsInTheSample() =>
        Wire.HasSampleShape(typeof(CourierCreated), await Wire.SentAsync(run.Delivery.DatabaseFile, Queues.Legacy, typeof(CourierCreated)));

    [Fact]
    [ProducerContract(typeof(CourierAvailabilityChanged))]
    public async Task MakingACourierAvailable_PublishesCourierAvailabilityChangedAsInTheSample() =>
        Wire.HasSampleShape(typeof(CourierAvailabilityChanged),
            await Wire.SentAsync(run.Delivery.DatabaseFile, Queues.Legacy, typeof(CourierAvailabilityChanged)));

    [Fact]
    [ProducerContract(typeof(CourierScheduledForDelivery))]
    public async Task SchedulingADelivery_PublishesCourierScheduledForDeliveryAsInTheSample() =>
        Wire.HasSampleShape(typeof(CourierScheduledForDelivery),
            await Wire.SentAsync(run.Delivery.DatabaseFile, Queues.Legacy, typeof(CourierScheduledForDelivery)));

    [Fact]
    [ProducerContract(typeof(DeliveryPickedUp))]
    public async Task PickingUp_PublishesDeliveryPickedUpAsInTheSample() =>
        Wire.HasSampleShape(typeof(DeliveryPickedUp), await Wire.SentAsync(run.Delivery.DatabaseFile, Queues.Legacy, typeof(DeliveryPickedUp)));

    [Fact]
    [ProducerContract(typeof(DeliveryDelivered))]
    public async Task Delivering_PublishesDeliveryDeliveredAsInTheSample() =>
        Wire.HasSampleShape(typeof(DeliveryDelivered), await Wire.SentAsync(run.Delivery.DatabaseFile, Queues.Legacy, typeof(DeliveryDelivered)));

    /// <summary>Delivery alone: a courier registered and made available, then a delivery scheduled, picked up and delivered.</summary>
    public sealed class Run : IAsyncLifetime
    {
        public ProcessHost<DeliveryOptions> Delivery { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Delivery = await ProcessHost<DeliveryOptions>.StartAsync();
            var courierId = (await Delivery.Client.PostOkAsync("/couriers",
                new { name = new { firstName = "Chris", lastName = "Courier" }, address = Json.Address }))!["id"]!.GetValue<long>();
            await Delivery.Client.PostOkAsync($"/couriers/{courierId}/availability", new { available = true });
            foreach (var given in new[] { typeof(OrderCreated), typeof(ScheduleDelivery), typeof(TicketReadyForPickup) })
            {
                await Delivery.HandleAsync(Delivery.Read(given, MessageSamples.Of(given)));
            }
            await Delivery.Client.PostOkAsync("/orders/1/pickedup");
            await Delivery.Client.PostOkAsync("/orders/1/delivered");
        }

        public async Task DisposeAsync() => await Delivery.DisposeAsync();
    }
}
