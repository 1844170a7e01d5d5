using Ftgo.Kitchen.Data;

namespace Ftgo.Kitchen;

/// <summary>
/// Runs before the server accepts requests: brings the <c>kitchen</c> schema up to date
/// (EnsureCreated would do nothing beside Wolverine's tables).
/// </summary>
internal sealed class KitchenStartup(IServiceProvider services) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        await KitchenStorage.MigrateAsync(scope.ServiceProvider.GetRequiredService<KitchenDbContext>(), ct);
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;
}
