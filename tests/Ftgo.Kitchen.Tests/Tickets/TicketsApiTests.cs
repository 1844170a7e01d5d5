using Ftgo.Testing;
using System.Net;
using System.Text.Json;
using Ftgo.Glue.Contracts;
using Ftgo.Kitchen.Tests.Infrastructure;
using Wolverine;
using Wolverine.Tracking;
using Microsoft.Extensions.DependencyInjection;
using static Ftgo.Kitchen.Tests.Infrastructure.Seeding;

namespace Ftgo.Kitchen.Tests.Tickets;

public abstract class TicketsApiTests(Store store) : IAsyncLifetime
{
    private KitchenApp _app = null!;

    public async Task InitializeAsync() => _app = await KitchenApp.StartAsync(store);

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task AcceptPreparingReady_WithToken_MoveTheTicket_AndPublishTheEvents()
    {
        var id = await OpenTicketAsync(_app);
        var client = _app.AuthorizedClient();

        var accepted = await TrackedPost(client, $"/tickets/{id}/accept", ReadyByIn(TimeSpan.FromMinutes(30)));
        Assert.Equal(HttpStatusCode.OK, accepted.Response.StatusCode);
        Assert.Equal(id, SentOnceToLegacy<TicketAccepted>(accepted.Session).OrderId);

        var preparing = await TrackedPost(client, $"/tickets/{id}/preparing", null);
        Assert.Equal(HttpStatusCode.OK, preparing.Response.StatusCode);
        Assert.Equal(id, SentOnceToLegacy<TicketPreparing>(preparing.Session).OrderId);

        var ready = await TrackedPost(client, $"/tickets/{id}/ready", null);
        Assert.Equal(HttpStatusCode.OK, ready.Response.StatusCode);
        Assert.Equal(id, SentOnceToLegacy<TicketReadyForPickup>(ready.Session).OrderId);

        using var ticket = JsonDocument.Parse(await client.GetStringAsync($"/tickets/{id}"));
        Assert.Equal("READY_FOR_PICKUP", ticket.RootElement.GetProperty("state").GetString());
        Assert.Equal("PREPARING", ticket.RootElement.GetProperty("previousState").GetString());
        Assert.Equal(2, ticket.RootElement.GetProperty("lineItems").GetArrayLength());
    }

    [Fact]
    public async Task Preparing_BeforeAccept_Returns409_AndPublishesNothing()
    {
        var id = await OpenTicketAsync(_app);
        var result = await TrackedPost(_app.AuthorizedClient(), $"/tickets/{id}/preparing", null);

        Assert.Equal(HttpStatusCode.Conflict, result.Response.StatusCode);
        var body = await result.Response.Content.ReadAsStringAsync();
        Assert.Contains("illegal-transition", body);
        Assert.Contains($"Cannot start preparing ticket {id}: it is AWAITING_ACCEPTANCE", body);
        Assert.Empty(result.Session.Sent.AllMessages());
    }

    [Fact]
    public async Task Accept_WithReadyByInPast_Returns409_AndPublishesNothing()
    {
        var id = await OpenTicketAsync(_app);
        var result = await TrackedPost(_app.AuthorizedClient(), $"/tickets/{id}/accept", ReadyByIn(TimeSpan.FromMinutes(-5)));

        Assert.Equal(HttpStatusCode.Conflict, result.Response.StatusCode);
        Assert.Contains("ready-by-in-past", await result.Response.Content.ReadAsStringAsync());
        Assert.Empty(result.Session.Sent.AllMessages());
    }

    [Fact]
    public async Task Get_UnknownTicket_Returns404()
    {
        var response = await _app.AuthorizedClient().GetAsync($"/tickets/{NewOrderId()}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("not-found", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("GET", "/tickets/{id}")]
    [InlineData("POST", "/tickets/{id}/accept")]
    [InlineData("POST", "/tickets/{id}/preparing")]
    [InlineData("POST", "/tickets/{id}/ready")]
    [InlineData("POST", "/orders/{id}/accept")]
    [InlineData("POST", "/orders/{id}/preparing")]
    [InlineData("POST", "/orders/{id}/ready")]
    public async Task EveryEndpoint_WithoutAToken_OrWithOneExpired_ForDelivery_OrNotTheGateways_Returns401_AndChangesNothing(string method, string route)
    {
        var id = await OpenTicketAsync(_app);
        var path = route.Replace("{id}", id.ToString());
        var expired = KitchenApp.Token(DateTimeOffset.UtcNow.AddMinutes(-10));
        var forDelivery = KitchenApp.Token(DateTimeOffset.UtcNow, audience: "delivery");
        // Signed with a key of its own (as anyone could with the shared key of earlier versions): not the gateway's.
        using var otherKeys = new TestServiceKeys();
        var notTheGateways = otherKeys.Issue("kitchen");
        foreach (var client in new[]
                 {
                     _app.ClientWith(null), _app.ClientWith(expired), _app.ClientWith("not-a-jwt"), _app.ClientWith(forDelivery),
                     _app.ClientWith(notTheGateways),
                 })
        {
            var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path)
            {
                Content = method == "POST" ? JsonBody(ReadyByIn(TimeSpan.FromMinutes(30))) : null,
            });
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Contains("unauthenticated", await response.Content.ReadAsStringAsync());
        }
        using var ticket = JsonDocument.Parse(await _app.AuthorizedClient().GetStringAsync($"/tickets/{id}"));
        Assert.Equal("AWAITING_ACCEPTANCE", ticket.RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task CreateTicket_DeliveredTwice_OpensOneTicket()
    {
        var id = await OpenTicketAsync(_app);
        await _app.SendAsync(CreateTicketFor(id));
        // A marker sent after the duplicate: once it is handled, so was the duplicate (one listener, in order).
        await OpenTicketAsync(_app);

        using var ticket = JsonDocument.Parse(await _app.AuthorizedClient().GetStringAsync($"/tickets/{id}"));
        Assert.Equal(2, ticket.RootElement.GetProperty("lineItems").GetArrayLength());
        Assert.Equal("AWAITING_ACCEPTANCE", ticket.RootElement.GetProperty("state").GetString());
    }

    [Fact]
    public async Task OrderCancelled_CancelsTheTicket_AndTheCancelledTicketRefusesAccept()
    {
        var id = await OpenTicketAsync(_app);
        var client = _app.AuthorizedClient();
        async Task<string?> State() =>
            JsonDocument.Parse(await client.GetStringAsync($"/tickets/{id}")).RootElement.GetProperty("state").GetString();
        await SendAndWaitAsync(_app, new OrderCancelled(id), async () => await State() == "CANCELLED", "the ticket to be cancelled");
        // Redelivered (a second envelope): handled without error, nothing changes; a marker behind it proves it was consumed.
        await _app.SendAsync(new OrderCancelled(id));
        var marker = await OpenTicketAsync(_app);
        Assert.Equal("CANCELLED", await State());
        var accept = await client.PostAsync($"/tickets/{id}/accept", JsonBody(ReadyByIn(TimeSpan.FromMinutes(30))));
        Assert.Equal(HttpStatusCode.Conflict, accept.StatusCode);
    }

    /// <summary>
    /// The one event of type <typeparamref name="T"/> sent to the monolith's queue; every other subscriber
    /// (see MessageRoutes) got exactly one too.
    /// </summary>
    private static T SentOnceToLegacy<T>(ITrackedSession session)
    {
        var byQueue = session.Sent.Envelopes().Where(e => e.Message is T).GroupBy(e => e.Destination!.ToString()).ToList();
        Assert.All(byQueue, q => Assert.Single(q));
        return (T)Assert.Single(byQueue, q => q.Key.EndsWith("/legacy/", StringComparison.Ordinal)).Single().Message!;
    }

    private async Task<(HttpResponseMessage Response, ITrackedSession Session)> TrackedPost(HttpClient client, string path, string? json)
    {
        HttpResponseMessage response = null!;
        var session = await _app.Host.TrackActivity().Timeout(TimeSpan.FromSeconds(30)).DoNotAssertOnExceptionsDetected()
            .ExecuteAndWaitAsync((Func<IMessageContext, Task>)(async _ =>
                response = await client.PostAsync(path, json is null ? null : JsonBody(json))));
        return (response, session);
    }
}

public sealed class TicketsApiSqliteTests() : TicketsApiTests(Store.Sqlite);

public sealed class TicketsApiPostgresTests() : TicketsApiTests(Store.Postgres);
