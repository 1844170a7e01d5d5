using Ftgo.Delivery.Data;

namespace Ftgo.Delivery;

/// <summary>Runs before the server accepts requests: brings the <c>delivery</c> schema up to date.</summary>
internal sealed class DeliveryStartup(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        await DeliveryStorage.MigrateAsync(scope.ServiceProvider.GetRequiredService<DeliveryDbContext>(), ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
