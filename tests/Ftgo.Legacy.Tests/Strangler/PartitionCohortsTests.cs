using System.Net;
using Ftgo.Glue.Contracts;
using Ftgo.Legacy.Tests.Infrastructure;
using Ftgo.Stages;

namespace Ftgo.Legacy.Tests.Strangler;

/// <summary>
/// A group the flags split by restaurant: the monolith keys its seams by the order's restaurant (read from its own
/// table), as the gateway does, and answers the gateway's lookup of an order's restaurant.
/// </summary>
public abstract class PartitionCohortsTests(LegacyFixture fixture)
{
    public sealed class Sqlite(SqliteFixture fixture) : PartitionCohortsTests(fixture), IClassFixture<SqliteFixture>;

    public sealed class Postgres(PostgresFixture fixture) : PartitionCohortsTests(fixture), IClassFixture<PostgresFixture>;

    private LegacyApp App => fixture.App;

    [Fact]
    public async Task TheLookup_AnswersAnOrdersRestaurant_404ForNoSuchOrder_400ForNoId()
    {
        using var client = await fixture.ClientAsync(login: false);
        using var owner = await fixture.ClientAsync();
        var (orderId, _, restaurantId) = await owner.NewOrderAsync();

        var found = await client.GetOkAsync($"/_ftgo/partitions/restaurant?order={orderId}");
        Assert.Equal((orderId, restaurantId.ToString()), (found.GetProperty("order").GetInt64(), found.GetProperty("partition").GetString()));
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/_ftgo/partitions/restaurant?order=987654321")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/_ftgo/partitions/restaurant?order=abc")).StatusCode);
    }

    [Fact]
    public async Task AtLiveWithAnAllowList_TheListedRestaurantsOrdersAreTheNewSides_AndNoOtherRestaurantsAre()
    {
        await SetAsync(MigrationStage.Off, null);
        using var client = await fixture.ClientAsync();
        await client.CreateCourierAsync();
        await client.CreateCourierAsync();
        var (first, _, firstRestaurant) = await client.NewOrderAsync();
        var (other, _, _) = await client.NewOrderAsync();
        await SetAsync(MigrationStage.Live, [firstRestaurant.ToString()]);

        // The kitchen steps of the listed restaurant's order belong to Kitchen: refused, nothing done.
        var (refused, session) = await App.TrackAsync(() => client.AcceptAsync(first, Wire.LocalNowPlus(TimeSpan.FromHours(1))));
        await Moved.AssertAsync(refused, "kitchen", "live");
        Assert.Empty(session.Sent.AllMessages());
        Assert.Equal("APPROVED", await client.GetOrderStateAsync(first));
        // The other restaurant's order stays in process, and its delivery too (no ScheduleDelivery to the service).
        var (accepted, legacySession) = await App.TrackAsync(() => client.AcceptAsync(other, Wire.LocalNowPlus(TimeSpan.FromHours(1))));
        await Expect.OkAsync(accepted);
        Assert.Empty(legacySession.SentOf<ScheduleDelivery>());
        Assert.Equal("ACCEPTED", await client.GetOrderStateAsync(other));

        // Moved back: off the list, the same order is the monolith's again.
        await SetAsync(MigrationStage.Live, []);
        await Expect.OkAsync(await client.AcceptAsync(first, Wire.LocalNowPlus(TimeSpan.FromHours(1))));
    }

    private async Task SetAsync(MigrationStage stage, IReadOnlyList<string>? allow)
    {
        var flags = new GroupFlags { Stage = stage, Partitions = new PartitionRules { By = PartitionRules.Restaurant, Allow = allow } };
        await FlagsFile.WriteAsync(FlagsFile.PathFrom(App.Services.GetRequiredService<IConfiguration>()),
            new Dictionary<string, GroupFlags> { ["kitchen"] = flags, ["delivery"] = flags });
        await App.Services.GetRequiredService<IMigrationFlags>().RefreshAsync();
    }
}
