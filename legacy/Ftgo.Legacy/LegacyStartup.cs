using Ftgo.Legacy.Auth;
using Ftgo.Legacy.Common;
using Ftgo.Legacy.Consumers;
using Ftgo.Legacy.Data;
using Ftgo.Legacy.Seeding;
using Microsoft.Extensions.Options;

namespace Ftgo.Legacy;

/// <summary>
/// Runs before the server accepts requests: migrates the schema, creates the development login
/// and, when <c>--seed N</c> was given, seeds an empty database.
/// </summary>
internal sealed class LegacyStartup(IServiceProvider services, IOptions<LegacyOptions> options, IOptions<SeedOptions> seed,
    ILogger<LegacyStartup> log) : IHostedService
{
    public async Task StartAsync(CancellationToken ct)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<LegacyDbContext>();
        await LegacyStorage.MigrateAsync(db, ct);
        if (options.Value.SeedDemoUser)
        {
            await SeedDemoUserAsync(scope.ServiceProvider, db, ct);
        }
        if (seed.Value.Orders > 0)
        {
            await scope.ServiceProvider.GetRequiredService<Seeder>().SeedIfEmptyAsync(seed.Value, ct);
        }
    }

    public Task StopAsync(CancellationToken ct) => Task.CompletedTask;

    private async Task SeedDemoUserAsync(IServiceProvider provider, LegacyDbContext db, CancellationToken ct)
    {
        var users = provider.GetRequiredService<Users>();
        if (db.Users.Any(u => u.Username == "demo"))
        {
            log.LogInformation("Development profile: login demo/demo is available");
            return;
        }
        var consumer = new Consumer(new PersonName("Demo", "Consumer"));
        db.Consumers.Add(consumer);
        await db.SaveChangesAsync(ct);
        await users.EnsureAsync("demo", "demo", consumer.Id, ["consumer", "restaurant", "courier"], ct);
        log.LogWarning("Development profile: seeded login demo/demo (consumer {ConsumerId}); do not use this profile in production",
            consumer.Id);
    }
}
