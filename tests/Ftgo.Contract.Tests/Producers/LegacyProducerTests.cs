using Ftgo.Contract.Tests.Infrastructure;
using Ftgo.Glue.Contracts;
using Ftgo.Legacy;
using Ftgo.Messaging.Routing;
using Ftgo.Stages;

namespace Ftgo.Contract.Tests.Producers;

/// <summary>
/// The monolith's messages, produced by its real endpoints through its outbox and read off the queues
/// of the new services (which do not run here): placing, accepting and cancelling orders with the
/// kitchen group in play (<c>dualwrite</c>: the monolith still accepts) and delivery on the new side.
/// </summary>
public sealed class LegacyProducerTests(LegacyProducerTests.Run run) : IClassFixture<LegacyProducerTests.Run>
{
    [Fact]
    [ProducerContract(typeof(OrderCreated))]
    public async Task PlacingAnOrder_SendsOrderCreatedAsInTheSample() =>
        Wire.HasSampleShape(typeof(OrderCreated), await Wire.SentAsync(run.Legacy.DatabaseFile, Queues.Kitchen, typeof(OrderCreated)));

    [Fact]
    [ProducerContract(typeof(ScheduleDelivery))]
    public async Task AcceptingAnOrder_SendsScheduleDeliveryAsInTheSample() =>
        Wire.HasSampleShape(typeof(ScheduleDelivery), await Wire.SentAsync(run.Legacy.DatabaseFile, Queues.Delivery, typeof(ScheduleDelivery)));

    [Fact]
    [ProducerContract(typeof(OrderCancelled))]
    public async Task CancellingAnOrder_SendsOrderCancelledAsInTheSample() =>
        Wire.HasSampleShape(typeof(OrderCancelled), await Wire.SentAsync(run.Legacy.DatabaseFile, Queues.Kitchen, typeof(OrderCancelled)));

    [Fact]
    [ProducerContract(typeof(CancelDelivery))]
    public async Task CancellingAnOrder_SendsCancelDeliveryAsInTheSample() =>
        Wire.HasSampleShape(typeof(CancelDelivery), await Wire.SentAsync(run.Legacy.DatabaseFile, Queues.Delivery, typeof(CancelDelivery)));

    /// <summary>The monolith alone, driven once through the steps that send its messages.</summary>
    public sealed class Run : IAsyncLifetime
    {
        public ProcessHost<LegacyOptions> Legacy { get; private set; } = null!;

        public async Task InitializeAsync()
        {
            Legacy = await ProcessHost<LegacyOptions>.StartAsync(kitchen: MigrationStage.DualWrite, delivery: MigrationStage.RampDown);
            var accepted = await Json.CreateOrderOnLegacyAsync(Legacy.Client);
            await Legacy.Client.PostOkAsync($"/orders/{accepted}/accept", new { readyBy = Json.Format(DateTime.Now.AddHours(1)) });
            var cancelled = await Json.CreateOrderOnLegacyAsync(Legacy.Client);
            await Legacy.Client.PostOkAsync($"/orders/{cancelled}/cancel");
        }

        public async Task DisposeAsync() => await Legacy.DisposeAsync();
    }
}
