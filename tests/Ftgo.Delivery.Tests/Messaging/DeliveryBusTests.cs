using System.Net;
using Ftgo.Delivery.Tests.Infrastructure;
using Ftgo.Glue.Acl;
using Ftgo.Glue.Contracts;
using Ftgo.Messaging.Routing;
using Wolverine;
using Wolverine.Tracking;

namespace Ftgo.Delivery.Tests.Messaging;

using Ftgo.Delivery.Deliveries;

/// <summary>
/// The handlers wired to the bus: commands and events arrive on the <c>delivery</c> queue, the
/// events the service raises leave through the outbox (Wolverine tracked sessions see them).
/// </summary>
public abstract class DeliveryBusTests(DeliveryFixture fixture)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private DeliveryApp App => fixture.App;

    [Fact]
    public async Task OrderCreated_SentOnTheBus_OpensAPendingDelivery_AndARedeliveryChangesNothing()
    {
        var orderId = TestData.NextOrderId();
        var message = TestData.OrderCreated(orderId, 1, App.Now().AddHours(2));

        await App.Host.TrackActivity(Timeout).IncludeExternalTransports().SendMessageAndWaitAsync(message);
        var first = await App.DeliveryAsync(orderId);
        await App.Host.TrackActivity(Timeout).IncludeExternalTransports().SendMessageAndWaitAsync(message);

        var after = await App.DeliveryAsync(orderId);
        Assert.Equal(DeliveryState.Pending, after.State);
        Assert.Equal(first.Version, after.Version);
    }

    [Fact]
    public async Task ScheduleDelivery_SentOnTheBus_PublishesCourierScheduledForDelivery()
    {
        await App.CreateCourierAsync();
        var orderId = await App.CreatePendingAsync();
        var readyBy = App.Now().AddHours(1);

        var session = await App.Host.TrackActivity(Timeout).IncludeExternalTransports()
            .SendMessageAndWaitAsync(new ScheduleDelivery(orderId, 1, readyBy, TestData.DeliveryAddressData));

        var published = ReceivedBy<CourierScheduledForDelivery>(session, Queues.Legacy);
        Assert.Equal(orderId, published.DeliveryId);
        Assert.Equal(2, published.Actions.Count);
        Assert.Equal(new CourierActionData("PICKUP", readyBy), published.Actions[0]);
        Assert.Equal(new CourierActionData("DROPOFF", readyBy.AddMinutes(30)), published.Actions[1]);
        var delivery = await App.DeliveryAsync(orderId);
        Assert.Equal(DeliveryState.Scheduled, delivery.State);
        Assert.Equal(published.CourierId, delivery.AssignedCourierId);
    }

    [Fact]
    public async Task CancelDelivery_SentOnTheBus_CancelsAndReleasesTheCourier()
    {
        await App.CreateCourierAsync();
        var orderId = await App.CreatePendingAsync();
        var scheduled = await App.ScheduleAsync(orderId, App.Now().AddHours(1));

        await App.Host.TrackActivity(Timeout).IncludeExternalTransports().SendMessageAndWaitAsync(new CancelDelivery(orderId));

        Assert.Equal(DeliveryState.Cancelled, (await App.DeliveryAsync(orderId)).State);
        Assert.DoesNotContain((await App.CourierAsync(scheduled!.CourierId)).Actions, a => a.DeliveryId == orderId);
    }

    [Fact]
    public async Task KitchenEvents_SentOnTheBus_MakeTheFoodReadyForPickup()
    {
        await App.CreateCourierAsync();
        var orderId = await App.CreatePendingAsync();
        await App.ScheduleAsync(orderId, App.Now().AddHours(1));

        await App.Host.TrackActivity(Timeout).IncludeExternalTransports()
            .SendMessageAndWaitAsync(new TicketPreparing(orderId, App.Now()));
        await App.Host.TrackActivity(Timeout).IncludeExternalTransports()
            .SendMessageAndWaitAsync(new TicketReadyForPickup(orderId, App.Now().AddMinutes(10)));

        var delivery = await App.DeliveryAsync(orderId);
        Assert.Equal(App.Now(), delivery.PreparingTime);
        Assert.Equal(App.Now().AddMinutes(10), delivery.ReadyForPickupTime);
        Assert.True(delivery.Can(DeliveryTrigger.PickUp));
    }

    [Fact]
    public async Task PickedUpOverHttp_PublishesDeliveryPickedUpThroughTheOutbox()
    {
        await App.CreateCourierAsync();
        var orderId = await App.ReadyForPickupDeliveryAsync();
        using var client = App.AuthorizedClient();
        HttpResponseMessage? response = null;

        var session = await App.Host.TrackActivity(Timeout).IncludeExternalTransports()
            .ExecuteAndWaitAsync((Func<Wolverine.IMessageContext, Task>)(async _ => response = await client.PostAsync($"/orders/{orderId}/pickedup", null)));

        Assert.Equal(HttpStatusCode.OK, response!.StatusCode);
        Assert.Equal(new DeliveryPickedUp(orderId, App.Now()), ReceivedBy<DeliveryPickedUp>(session, Queues.Legacy));
    }

    [Fact]
    public async Task IllegalTransitionOverHttp_PublishesNothing()
    {
        var orderId = await App.CreatePendingAsync();
        using var client = App.AuthorizedClient();
        HttpResponseMessage? response = null;

        var session = await App.Host.TrackActivity(Timeout).IncludeExternalTransports()
            .ExecuteAndWaitAsync((Func<Wolverine.IMessageContext, Task>)(async _ => response = await client.PostAsync($"/orders/{orderId}/delivered", null)));

        Assert.Equal(HttpStatusCode.Conflict, response!.StatusCode);
        Assert.Empty(session.Sent.MessagesOf<DeliveryDelivered>());
        Assert.Empty(session.Sent.Envelopes());
        Assert.Equal(DeliveryState.Pending, (await App.DeliveryAsync(orderId)).State);
    }

    [Fact]
    public async Task AvailabilityOverHttp_PublishesCourierAvailabilityChanged()
    {
        var courier = await App.CreateCourierAsync(available: false);
        using var client = App.AuthorizedClient();

        var session = await App.Host.TrackActivity(Timeout).IncludeExternalTransports()
            .ExecuteAndWaitAsync(_ => client.PostAsJsonAsync($"/couriers/{courier}/availability", new { available = true }));

        Assert.Equal(new CourierAvailabilityChanged(courier, true, 2), ReceivedBy<CourierAvailabilityChanged>(session, Queues.Legacy));
    }

    [Fact]
    public async Task CreateCourierOverHttp_PublishesCourierCreated_WithTheIdItAnswered()
    {
        using var client = App.AuthorizedClient();
        HttpResponseMessage? answer = null;
        Func<IMessageContext, Task> register = async _ => answer = await client.PostAsJsonAsync("/couriers", new
        {
            name = new { firstName = "Rosa", lastName = "Rider" },
            address = new { street1 = "9 Spoke St", street2 = "Unit 2", city = "Oakland", state = "CA", zip = "94612" },
        });

        var session = await App.Host.TrackActivity(Timeout).IncludeExternalTransports().ExecuteAndWaitAsync(register);

        Assert.True(answer!.IsSuccessStatusCode, await answer.Content.ReadAsStringAsync());
        var id = (await answer!.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("id").GetInt64();
        Assert.True(id >= CourierIdRange.DefaultStart, $"the courier got {id}");
        Assert.Equal(new CourierCreated(id, "Rosa", "Rider", new AddressData("9 Spoke St", "Unit 2", "Oakland", "CA", "94612"), false),
            SentTo<CourierCreated>(session, Queues.Legacy));
    }

    /// <summary>
    /// The one message of type <typeparamref name="T"/> sent to <paramref name="queue"/>: for a message no
    /// handler of this host returns, which its stand-in listener cannot read back (Wolverine knows
    /// a wire name only from the handlers of the process; the monolith handles it).
    /// </summary>
    private static T SentTo<T>(ITrackedSession session, string queue) =>
        session.Sent.Envelopes().Where(e => e.Message is T && e.Destination?.ToString().Contains($"://{queue}") == true)
            .Select(e => (T)e.Message!).Single();

    /// <summary>The one message of type <typeparamref name="T"/> that arrived on <paramref name="queue"/> (a stand-in listener of this host).</summary>
    private static T ReceivedBy<T>(ITrackedSession session, string queue) =>
        session.Received.Envelopes().Where(e => e.Message is T && e.Destination?.ToString().Contains($"://{queue}") == true)
            .Select(e => (T)e.Message!).Single();
}

public sealed class SqliteDeliveryBusTests(SqliteFixture fixture) : DeliveryBusTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresDeliveryBusTests(PostgresFixture fixture) : DeliveryBusTests(fixture), IClassFixture<PostgresFixture>;
