using Ftgo.Contract.Tests.Infrastructure;
using Ftgo.Glue.Contracts;
using Ftgo.Glue.Samples;
using Ftgo.Kitchen;
using Ftgo.Messaging.Routing;

namespace Ftgo.Contract.Tests.Producers;

/// <summary>
/// Kitchen's events, produced by its own API (accept, preparing, ready) through its outbox and read off
/// the monolith's queue (the monolith does not run here). The ticket is opened from the
/// <see cref="OrderCreated"/> sample, as the monolith would open it.
/// </summary>
public sealed class KitchenProducerTests(KitchenProducerTests.Run run) : IClassFixture<KitchenProducerTests.Run>
{
    [Fact]
    [ProducerContract(typeof(TicketAccepted))]
    public async Task AcceptingATicket_PublishesTicketAcceptedAsInTheSample() =>
        Wire.HasSampleShape(typeof(TicketAccepted), await Wire.SentAsync(run.Kitchen.DatabaseFile, Queues.Legacy, typeof(TicketAccepted)));

    [Fact]
    [ProducerContract(typeof(TicketPreparing))]
    public async Task PreparingATicket_PublishesTicketPreparingAsInTheSample() =>
        Wire.HasSampleShape(typeof(TicketPreparing), await Wire.SentAsync(run.Kitchen.DatabaseFile, Queues.Legacy, typeof(TicketPreparing)));

    [Fact]
    [ProducerContract(typeof(TicketReadyForPickup))]
    public async Task ReadyingATicket_PublishesTicketReadyForPickupAsInTheSample() =>
        Wire.HasSampleShape(typeof(TicketReadyForPickup),
            await Wire.SentAsync(run.Kitchen.DatabaseFile, Queues.Legacy, typeof(TicketReadyForPickup)));

    /// <summary>Kitchen alone, a ticket taken through accept, preparing and ready once.</summary>
    public sealed class Run : IAsyncLifetime
    {
        public ProcessHost<KitchenOptions> Kitchen { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Kitchen = await ProcessHost<KitchenOptions>.StartAsync();
            await Kitchen.HandleAsync(Kitchen.Read(typeof(OrderCreated), MessageSamples.Of(typeof(OrderCreated))));
            await Kitchen.Client.PostOkAsync("/tickets/1/accept", new { readyBy = Json.Format(DateTime.Now.AddHours(1)) });
            await Kitchen.Client.PostOkAsync("/tickets/1/preparing");
            await Kitchen.Client.PostOkAsync("/tickets/1/ready");
        }

        public async Task DisposeAsync() => await Kitchen.DisposeAsync();
    }
}
