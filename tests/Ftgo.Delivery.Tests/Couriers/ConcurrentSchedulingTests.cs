using Ftgo.Delivery.Data;
using Ftgo.Delivery.Deliveries;
using Ftgo.Delivery.Tests.Infrastructure;
using Ftgo.Glue.Contracts;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Ftgo.Delivery.Tests.Couriers;

/// <summary>
/// On PostgreSQL, where several Delivery nodes schedule side by side, schedules in flight together spread over the
/// couriers by design: each locks the courier it chose until its commit and passes over the couriers others hold, so
/// none of them loses on a courier's version; one more, while every courier is being assigned, waits for the best
/// one's lock instead of failing or choosing a worse one.
/// </summary>
public sealed class ConcurrentSchedulingTests(PostgresFixture fixture) : IClassFixture<PostgresFixture>
{
    private DeliveryApp App => fixture.App;

    [Fact]
    public async Task SchedulesInFlightTogether_TakeDifferentCouriers_AndOneMoreWaitsForTheBest()
    {
        await fixture.ResetAsync();
        var couriers = new List<long>();
        for (var i = 0; i < 3; i++)
        {
            couriers.Add(await App.CreateCourierAsync(firstName: $"C{i}"));
        }
        var orders = new List<long>();
        for (var i = 0; i < 4; i++)
        {
            orders.Add(await App.CreatePendingAsync());
        }

        // Three schedules, each in its own transaction, written and not committed yet.
        var open = new List<OpenSchedule>();
        for (var i = 0; i < 3; i++)
        {
            open.Add(await OpenSchedule.StartAsync(App, orders[i]));
        }
        Assert.Equal(couriers, open.Select(s => s.Scheduled.CourierId).Order());

        // A fourth while all three couriers are being assigned: it waits for the best one, then takes it.
        var fourth = Task.Run(async () =>
        {
            await using var schedule = await OpenSchedule.StartAsync(App, orders[3]);
            await schedule.CommitAsync();
            return schedule.Scheduled.CourierId;
        });
        foreach (var schedule in open)
        {
            await schedule.CommitAsync();
            await schedule.DisposeAsync();
        }
        Assert.Equal(couriers[0], await fourth);

        var plans = await App.QueryAsync(db => db.CourierActions.GroupBy(a => a.CourierId).Select(g => new { g.Key, Count = g.Count() })
            .ToDictionaryAsync(g => g.Key, g => g.Count));
        Assert.Equal([4, 2, 2], couriers.Select(c => plans[c]));
    }

    /// <summary>A ScheduleDelivery handled in a transaction of its own (as a node's handler does), saved, committed on demand.</summary>
    private sealed class OpenSchedule : IAsyncDisposable
    {
        private readonly AsyncServiceScope _scope;
        private readonly DeliveryDbContext _db;

        private OpenSchedule(AsyncServiceScope scope, DeliveryDbContext db, CourierScheduledForDelivery scheduled)
        {
            _scope = scope;
            _db = db;
            Scheduled = scheduled;
        }

        public CourierScheduledForDelivery Scheduled { get; }

        public static async Task<OpenSchedule> StartAsync(DeliveryApp app, long orderId)
        {
            var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
            await db.Database.BeginTransactionAsync();
            var scheduled = await ScheduleDeliveryHandler.Handle(
                new ScheduleDelivery(orderId, 1, app.Now().AddHours(1), TestData.DeliveryAddressData, null), db, app.Clock, default);
            await db.SaveChangesAsync();
            return new OpenSchedule(scope, db, scheduled!);
        }

        public Task CommitAsync() => _db.Database.CommitTransactionAsync();

        public ValueTask DisposeAsync() => _scope.DisposeAsync();
    }
}
