using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;

namespace Ftgo.Delivery.Tests.Infrastructure;

/// <summary>
/// One started Delivery service on a fresh database of one store, shared by the tests of a class
/// (<c>IClassFixture</c>). Tests that depend on which couriers exist call <see cref="ResetAsync"/> first.
/// </summary>
public abstract class DeliveryFixture(Store store) : IAsyncLifetime
{
    private TestDatabase? _database;
    private DeliveryApp? _app;

    public Store Store { get; } = store;

    public DeliveryApp App => _app ?? throw new InvalidOperationException("The fixture is not initialised.");

    public FakeTimeProvider Clock => App.Clock;

    public async Task InitializeAsync()
    {
        _database = await TestDatabase.CreateAsync(Store, "delivery");
        _app = new DeliveryApp(_database, TestClock.StartingNow());
        // Start now, so that a start-up failure (migration) fails the class with its cause.
        _ = _app.Server;
    }

    /// <summary>Empties every table (the tests of a class run one after another).</summary>
    public Task ResetAsync() => App.QueryAsync(async db =>
    {
        await db.CourierActions.ExecuteDeleteAsync();
        await db.Couriers.ExecuteDeleteAsync();
        await db.Deliveries.ExecuteDeleteAsync();
        await db.Restaurants.ExecuteDeleteAsync();
        return true;
    });

    public async Task DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
        }
        if (_database is not null)
        {
            await _database.DisposeAsync();
        }
    }
}

public sealed class SqliteFixture() : DeliveryFixture(Store.Sqlite);

public sealed class PostgresFixture() : DeliveryFixture(Store.Postgres);

/// <summary>Test clocks start at the real current second, so that tokens signed on the real clock are valid on them too.</summary>
public static class TestClock
{
    public static FakeTimeProvider StartingNow()
    {
        var now = DateTimeOffset.UtcNow;
        return new FakeTimeProvider(new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero));
    }
}
