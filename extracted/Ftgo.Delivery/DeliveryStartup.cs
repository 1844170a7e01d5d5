using Ftgo.Delivery.Couriers;
using Ftgo.Delivery.Data;
using Ftgo.Glue.Acl;
using Ftgo.Hosting.Storage;

namespace Ftgo.Delivery;

/// <summary>
/// Runs before the server accepts requests: brings the <c>delivery</c> schema up to date and moves
/// the courier id generator into this service's range (<see cref="CourierIdRange"/>), so that a
/// courier registered here never takes an id the monolith gives.
/// </summary>
internal sealed class DeliveryStartup(IServiceProvider services, CourierIdRange courierIds) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<DeliveryDbContext>();
        await DeliveryStorage.MigrateAsync(db, ct);
        await courierIds.ReserveAsync(db, typeof(Courier), ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
