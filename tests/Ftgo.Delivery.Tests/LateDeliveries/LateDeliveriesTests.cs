using System.Text.Json;
using Ftgo.Delivery.Tests.Infrastructure;

namespace Ftgo.Delivery.Tests.LateDeliveries;

/// <summary>
/// <c>GET /deliveries/late</c> on each store, driven by the service's <see cref="Microsoft.Extensions.Time.Testing.FakeTimeProvider"/>:
/// late = not delivered and past the promise, or delivered after it; cancelled never; minutes rounded up.
/// </summary>
public abstract class LateDeliveriesTests(DeliveryFixture fixture)
{
    private DeliveryApp App => fixture.App;

    [Fact]
    public async Task Late_ListsBrokenPromisesWithHowLate_LatestFirst()
    {
        await fixture.ResetAsync();
        await App.CreateCourierAsync();
        var t0 = App.Now();
        var pending = await App.CreatePendingAsync(promisedIn: TimeSpan.FromMinutes(30));
        var scheduled = await App.CreatePendingAsync(promisedIn: TimeSpan.FromMinutes(10));
        await App.ScheduleAsync(scheduled, t0.AddMinutes(5));
        var onTime = await App.ReadyForPickupDeliveryAsync(TimeSpan.FromMinutes(60));
        var deliveredLate = await App.ReadyForPickupDeliveryAsync(TimeSpan.FromMinutes(5));
        var cancelled = await App.CreatePendingAsync(promisedIn: TimeSpan.FromMinutes(1));
        await App.CancelAsync(cancelled);

        Assert.Empty(await LateAsync());

        App.Clock.Advance(TimeSpan.FromMinutes(20));
        await App.PickUpAsync(onTime);
        await App.DeliverAsync(onTime);
        await App.PickUpAsync(deliveredLate);
        App.Clock.Advance(TimeSpan.FromMinutes(5));
        await App.DeliverAsync(deliveredLate);

        // t0 + 25: the scheduled one is 15 min past its promise; the delivered one arrived 20 min late.
        Assert.Equal([(deliveredLate, "DELIVERED", 20), (scheduled, "SCHEDULED", 15)], await LateAsync());

        App.Clock.Advance(TimeSpan.FromMinutes(15));
        Assert.Equal([(scheduled, "SCHEDULED", 30), (deliveredLate, "DELIVERED", 20), (pending, "PENDING", 10)], await LateAsync());

        // Half a minute more counts as a started minute; a delivered one stays as late as it was.
        App.Clock.Advance(TimeSpan.FromSeconds(30));
        Assert.Equal([(scheduled, "SCHEDULED", 31), (deliveredLate, "DELIVERED", 20), (pending, "PENDING", 11)], await LateAsync());
    }

    [Fact]
    public async Task Late_DescribesEachDelivery()
    {
        await fixture.ResetAsync();
        var courier = await App.CreateCourierAsync();
        var promised = App.Now().AddMinutes(10);
        var orderId = await App.CreatePendingAsync(promisedIn: TimeSpan.FromMinutes(10));
        await App.ScheduleAsync(orderId, App.Now().AddMinutes(5));
        App.Clock.Advance(TimeSpan.FromMinutes(45));
        using var client = App.AuthorizedClient();

        var body = await (await client.GetAsync("/deliveries/late")).Content.ReadAsStringAsync();

        string T(DateTime t) => t.ToString("yyyy-MM-dd'T'HH:mm:ss");
        Assert.Equal(
            $$$"""{"asOf":"{{{T(App.Now())}}}","deliveries":[{"deliveryId":{{{orderId}}},"state":"SCHEDULED","restaurantId":1,"assignedCourierId":{{{courier}}},"promisedDeliveryTime":"{{{T(promised)}}}","deliveredTime":null,"minutesLate":35}]}""",
            body);
    }

    private async Task<List<(long, string, int)>> LateAsync()
    {
        using var client = App.AuthorizedClient();
        var answer = await Expect.OkJsonAsync(await client.GetAsync("/deliveries/late"));
        Assert.Equal(App.Now().ToString("yyyy-MM-dd'T'HH:mm:ss"), answer.GetProperty("asOf").GetString());
        return answer.GetProperty("deliveries").EnumerateArray()
            .Select(d => (d.GetProperty("deliveryId").GetInt64(), d.GetProperty("state").GetString()!, d.GetProperty("minutesLate").GetInt32()))
            .ToList();
    }
}

public sealed class SqliteLateDeliveriesTests(SqliteFixture fixture) : LateDeliveriesTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresLateDeliveriesTests(PostgresFixture fixture) : LateDeliveriesTests(fixture), IClassFixture<PostgresFixture>;
