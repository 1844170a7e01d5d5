using Ftgo.Hosting.Storage;
using Ftgo.Hosting.Sync;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Ftgo.Messaging.Sync;

/// <summary>
/// The sync half of an FTGO process on the bus (see <see cref="SyncMiddleware"/>): the per-request
/// positions, the waiter with this process's checks (its inbox; for a CDC target, the applied stream)
/// and the wake-up of its engine. The monolith adds its <see cref="ISyncSource"/> itself.
/// </summary>
internal static class SyncRegistration
{
    public static void AddFtgoSync(this IHostApplicationBuilder builder, FtgoMessagingOptions options, StorageKind storage, string connectionString)
    {
        var services = builder.Services;
        services.AddOptions<SyncOptions>().Bind(builder.Configuration.GetSection(SyncOptions.Section));
        services.AddScoped<SyncPositions>();
        services.AddSingleton<SyncWaiter>();
        var sql = new SyncSql(storage, connectionString);
        services.AddSingleton<SyncPulse>();
        services.AddSingleton<ISyncSignal>(sp => sp.GetRequiredService<SyncPulse>());
        if (storage == StorageKind.Postgres)
        {
            services.AddHostedService(sp => new PostgresSyncSignal(connectionString, sp.GetRequiredService<SyncPulse>(),
                sp.GetRequiredService<ILogger<PostgresSyncSignal>>()));
        }
        else
        {
            services.AddHostedService(sp => new SqliteSyncSignal(connectionString, sp.GetRequiredService<SyncPulse>()));
        }
        if (options.Listen)
        {
            services.AddSingleton<ISyncCheck>(new InboxCheck(sql, options.Service, options.EffectiveSchema));
            if (storage == StorageKind.Postgres)
            {
                services.AddHostedService(sp => new InboxNotifyTrigger(sql, options.EffectiveSchema, sp.GetRequiredService<ILogger<InboxNotifyTrigger>>()));
            }
        }
        if (options.CdcTargetSchema is { } target)
        {
            services.AddSingleton<ISyncCheck>(sp => new CdcWatermarkCheck(sql, target, sp.GetRequiredService<ILogger<CdcWatermarkCheck>>()));
            services.AddSingleton<ICdcReader>(sp => new CdcStatusReader(sql, target, sp.GetRequiredService<TimeProvider>()));
        }
    }
}
