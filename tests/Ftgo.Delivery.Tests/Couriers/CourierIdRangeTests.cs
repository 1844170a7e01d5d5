using Ftgo.Delivery.Couriers;
using Ftgo.Delivery.Data;
using Ftgo.Delivery.Tests.Infrastructure;
using Ftgo.Glue.Acl;
using Ftgo.Hosting.Storage;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Delivery.Tests.Couriers;

/// <summary>
/// Couriers registered on the service take ids from its own range (<see cref="CourierIdRange"/>):
/// never one the monolith gives, whatever CDC copies into the table, and never back after a restart.
/// </summary>
public abstract class CourierIdRangeTests(DeliveryFixture fixture)
{
    private DeliveryApp App => fixture.App;

    [Fact]
    public async Task CreateCourier_TakesAnIdInTheServicesRange_EvenAfterCdcCopiedTheMonolithsCouriers()
    {
        // As CDC writes them: the monolith's ids, below the range.
        await App.HandleAsync(db => InsertLegacyCourierAsync(db, 4242));
        await App.HandleAsync(db => InsertLegacyCourierAsync(db, 4243));

        var first = await App.CreateCourierAsync(available: false);
        var second = await App.CreateCourierAsync(available: false);

        Assert.True(first >= CourierIdRange.DefaultStart, $"the service's courier got {first}");
        Assert.True(second > first, $"then {second}");
    }

    [Fact]
    public async Task Reserve_AgainAfterCouriersWereRegistered_NeverMovesTheGeneratorBack()
    {
        var before = await App.CreateCourierAsync(available: false);

        // What the next start-up does.
        await App.HandleAsync(db => new CourierIdRange(CourierIdRange.DefaultStart).ReserveAsync(db, typeof(Courier), default));

        Assert.True(await App.CreateCourierAsync(available: false) > before);
    }

    private static Task InsertLegacyCourierAsync(DeliveryDbContext db, long id)
    {
        var table = db.Model.FindEntityType(typeof(Courier))!.GetSchemaQualifiedTableName();
        var sql = $"INSERT INTO {table} (id, version, available, first_name, last_name, street1, city, state, zip, origin) " +
            $"VALUES ({id}, 1, FALSE, 'Copied', 'From legacy', '1 Main St', 'Oakland', 'CA', '94610', 'legacy')";
        return db.Database.ExecuteSqlRawAsync(sql);
    }
}

public sealed class SqliteCourierIdRangeTests(SqliteFixture fixture) : CourierIdRangeTests(fixture), IClassFixture<SqliteFixture>;

public sealed class PostgresCourierIdRangeTests(PostgresFixture fixture) : CourierIdRangeTests(fixture), IClassFixture<PostgresFixture>;

/// <summary>The setting itself: a clear error for a value that is not a positive whole number.</summary>
public sealed class CourierIdRangeSettingTests
{
    [Theory]
    [InlineData(null, CourierIdRange.DefaultStart)]
    [InlineData("", CourierIdRange.DefaultStart)]
    [InlineData("5000", 5000L)]
    [InlineData("1", 1L)]
    public void Parse_ReadsTheStart(string? value, long expected) =>
        Assert.Equal(expected, CourierIdRange.Parse(value).Start);

    [Theory]
    [InlineData("0")]
    [InlineData("-5")]
    [InlineData("1e9")]
    [InlineData("lots")]
    public void Parse_RefusesAValueThatIsNotAPositiveWholeNumber(string value)
    {
        var error = Assert.Throws<InvalidOperationException>(() => CourierIdRange.Parse(value));
        Assert.Contains($"Ftgo:Delivery:CourierIdStart is '{value}'", error.Message);
    }
}
