using Ftgo.Contract.Tests.Infrastructure;
using Ftgo.Glue.Contracts;
using Ftgo.Glue.Samples;
using Ftgo.Kitchen;
using Ftgo.Messaging.Routing;

namespace Ftgo.Contract.Tests.Consumers;

/// <summary>Kitchen's handlers fed the samples (read by its own serializer); the effect is read through its API.</summary>
public sealed class KitchenConsumerTests : IAsyncLifetime
{
    private ProcessHost<KitchenOptions> _kitchen = null!;

    public async Task InitializeAsync() => _kitchen = await ProcessHost<KitchenOptions>.StartAsync();

    public async Task DisposeAsync() => await _kitchen.DisposeAsync();

    [Fact]
    [ConsumerContract(Queues.Kitchen, typeof(CreateTicket))]
    public async Task CreateTicket_OpensTheTicketWithItsLineItems()
    {
        await HandleSampleAsync(typeof(CreateTicket));

        var ticket = (await _kitchen.Client.GetOkAsync("/tickets/1"))!;
        Assert.Equal(("AWAITING_ACCEPTANCE", 1L), (ticket["state"]!.GetValue<string>(), ticket["restaurantId"]!.GetValue<long>()));
        Assert.Equal(5, ticket["lineItems"]![0]!["quantity"]!.GetValue<int>());
    }

    [Fact]
    [ConsumerContract(Queues.Kitchen, typeof(OrderCreated))]
    public async Task OrderCreated_OpensTheTicket()
    {
        await HandleSampleAsync(typeof(OrderCreated));

        var ticket = (await _kitchen.Client.GetOkAsync("/tickets/1"))!;
        Assert.Equal(("AWAITING_ACCEPTANCE", "Chicken Vindaloo"), (ticket["state"]!.GetValue<string>(), ticket["lineItems"]![0]!["name"]!.GetValue<string>()));
    }

    [Fact]
    [ConsumerContract(Queues.Kitchen, typeof(OrderCancelled))]
    public async Task OrderCancelled_CancelsTheTicket()
    {
        await HandleSampleAsync(typeof(OrderCreated));

        await HandleSampleAsync(typeof(OrderCancelled));

        Assert.Equal("CANCELLED", (await _kitchen.Client.GetOkAsync("/tickets/1"))!["state"]!.GetValue<string>());
    }

    [Fact]
    [ConsumerContract(Queues.Kitchen, typeof(DeliveryPickedUp))]
    public async Task DeliveryPickedUp_MarksTheTicketPickedUpAtTheSamplesTime()
    {
        await HandleSampleAsync(typeof(OrderCreated));
        await _kitchen.Client.PostOkAsync("/tickets/1/accept", new { readyBy = Json.Format(DateTime.Now.AddHours(1)) });
        await _kitchen.Client.PostOkAsync("/tickets/1/preparing");
        await _kitchen.Client.PostOkAsync("/tickets/1/ready");

        await HandleSampleAsync(typeof(DeliveryPickedUp));

        var ticket = (await _kitchen.Client.GetOkAsync("/tickets/1"))!;
        Assert.Equal(("PICKED_UP", "2029-12-31T12:05:00"), (ticket["state"]!.GetValue<string>(), ticket["pickedUpTime"]!.GetValue<string>()));
    }

    private Task HandleSampleAsync(Type contract) => _kitchen.HandleAsync(_kitchen.Read(contract, MessageSamples.Of(contract)));
}
