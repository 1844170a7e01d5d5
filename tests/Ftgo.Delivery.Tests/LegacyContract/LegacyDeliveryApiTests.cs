using System.Net;
using Ftgo.Delivery.Tests.Infrastructure;

namespace Ftgo.Delivery.Tests.LegacyContract;

using Ftgo.Delivery.Deliveries;

/// <summary><c>POST /orders/{id}/pickedup|delivered</c> answered from the Delivery model, with the monolith's errors.</summary>
public abstract class LegacyDeliveryApiTests(DeliveryFixture fixture)
{
    private DeliveryApp App => fixture.App;

    [Fact]
    public async Task PickedUpThenDelivered_Return200AndMoveTheDelivery()
    {
        await App.CreateCourierAsync();
        var orderId = await App.ReadyForPickupDeliveryAsync();
        using var client = App.AuthorizedClient();

        var picked = await client.PostAsync($"/orders/{orderId}/pickedup", null);
        Assert.Equal(HttpStatusCode.OK, picked.StatusCode);
        Assert.Equal("", await picked.Content.ReadAsStringAsync());
        App.Clock.Advance(TimeSpan.FromMinutes(12));
        Assert.Equal(HttpStatusCode.OK, (await client.PostAsync($"/orders/{orderId}/delivered", null)).StatusCode);

        var delivery = await App.DeliveryAsync(orderId);
        Assert.Equal(DeliveryState.Delivered, delivery.State);
        Assert.Equal(App.Now().AddMinutes(-12), delivery.PickedUpTime);
        Assert.Equal(App.Now(), delivery.DeliveredTime);
    }

    public static TheoryData<string, string, string> WrongStates => new()
    {
        // state to build, route, the order state the monolith would name
        { "pending", "pickedup", "it is APPROVED; this needs an order in state READY_FOR_PICKUP." },
        { "scheduled", "pickedup", "it is ACCEPTED; this needs an order in state READY_FOR_PICKUP." },
        { "preparing", "pickedup", "it is PREPARING; this needs an order in state READY_FOR_PICKUP." },
        { "pickedup", "pickedup", "it is PICKED_UP; this needs an order in state READY_FOR_PICKUP." },
        { "cancelled", "pickedup", "it is CANCELLED; this needs an order in state READY_FOR_PICKUP." },
        { "ready", "delivered", "it is READY_FOR_PICKUP; this needs an order in state PICKED_UP." },
        { "delivered", "delivered", "it is DELIVERED; this needs an order in state PICKED_UP." },
    };

    [Theory]
    [MemberData(nameof(WrongStates))]
    public async Task FromTheWrongState_Returns409WithTheMonolithsWording(string state, string route, string expected)
    {
        await App.CreateCourierAsync();
        var orderId = await BuildAsync(state);
        var before = await App.DeliveryAsync(orderId);
        using var client = App.AuthorizedClient();

        var detail = await Expect.ProblemAsync(await client.PostAsync($"/orders/{orderId}/{route}", null),
            HttpStatusCode.Conflict, "illegal-transition");

        var action = route == "pickedup" ? "mark picked up" : "mark delivered";
        Assert.Equal($"Cannot {action} order {orderId}: {expected}", detail);
        Assert.Equal(before.Version, (await App.DeliveryAsync(orderId)).Version);
    }

    [Theory]
    [InlineData("pickedup")]
    [InlineData("delivered")]
    public async Task UnknownOrder_Returns404AsAnOrder(string route)
    {
        using var client = App.AuthorizedClient();
        var detail = await Expect.ProblemAsync(await client.PostAsync($"/orders/987654/{route}", null), HttpStatusCode.NotFound, "not-found");
        Assert.Equal("Order 987654 was not found.", detail);
    }

    [Fact]
    public async Task GetDelivery_ReturnsTheServicesOwnShape()
    {
        var restaurant = TestData.NextOrderId();
        await App.ReplicateRestaurantAsync(restaurant);
        await App.CreateCourierAsync();
        var orderId = await App.CreatePendingAsync(restaurant);
        var promised = App.Now().AddHours(2);
        var readyBy = App.Now().AddHours(1);
        var scheduled = await App.ScheduleAsync(orderId, readyBy);
        using var client = App.AuthorizedClient();

        var body = await (await client.GetAsync($"/deliveries/{orderId}")).Content.ReadAsStringAsync();

        string T(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss");
        Assert.Equal(
            $$$"""{"id":{{{orderId}}},"state":"SCHEDULED","restaurantId":{{{restaurant}}},"pickupAddress":{"street1":"1 Main Street","street2":"Unit 99","city":"Oakland","state":"CA","zip":"94611"},"deliveryAddress":{"street1":"9 Amazing View","street2":null,"city":"Oakland","state":"CA","zip":"94612"},"promisedDeliveryTime":"{{{T(promised)}}}","readyBy":"{{{T(readyBy)}}}","assignedCourierId":{{{scheduled!.CourierId}}},"courierActions":[{"type":"PICKUP","time":"{{{T(readyBy)}}}"},{"type":"DROPOFF","time":"{{{T(readyBy.AddMinutes(30))}}}"}],"scheduledTime":"{{{T(App.Now())}}}","preparingTime":null,"readyForPickupTime":null,"pickedUpTime":null,"deliveredTime":null,"cancelledTime":null}""",
            body);
    }

    [Fact]
    public async Task GetDelivery_Unknown_Returns404AsADelivery()
    {
        using var client = App.AuthorizedClient();
        Assert.Equal("Delivery 987654 was not found.",
            await Expect.ProblemAsync(await client.GetAsync("/deliveries/987654"), HttpStatusCode.NotFound, "not-found"));
    }

    private async Task<long> BuildAsync(string state)
    {
        var orderId = await App.CreatePendingAsync();
        if (state == "pending")
        {
            return orderId;
        }
        if (state == "cancelled")
        {
            await App.CancelAsync(orderId);
            return orderId;
        }
        await App.ScheduleAsync(orderId, App.Now().AddHours(1));
        if (state == "scheduled")
        {
            return orderId;
        }
        await App.PreparingAsync(orderId);
        if (state == "preparing")
        {
            return orderId;
        }
        await App.ReadyForPickupAsync(orderId);
        if (state == "ready")
        {
            return orderId;
        }
        await App.PickUpAsync(orderId);
        if (state == "pickedup")
        {
            return orderId;
        }
        await App.DeliverAsync(orderId);
        return orderId;
    }
}

public sealed class SqliteLegacyDeliveryApiTests(SqliteFixture fixture) : LegacyDeliveryApiTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresLegacyDeliveryApiTests(PostgresFixture fixture) : LegacyDeliveryApiTests(fixture), IClassFixture<PostgresFixture>;
