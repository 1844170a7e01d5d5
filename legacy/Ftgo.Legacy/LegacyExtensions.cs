using Ftgo.Glue.Acl;
using Ftgo.Hosting;
using Ftgo.Hosting.Storage;
using Ftgo.Hosting.Sync;
using Ftgo.Legacy.Auth;
using Ftgo.Legacy.Consumers;
using Ftgo.Legacy.Data;
using Ftgo.Legacy.Delivery;
using Ftgo.Legacy.NewSideSync;
using Ftgo.Legacy.Kitchen;
using Ftgo.Legacy.Messaging;
using Ftgo.Legacy.Orders;
using Ftgo.Legacy.Restaurants;
using Ftgo.Legacy.Seeding;
using Ftgo.Legacy.Strangler;
using Ftgo.Messaging;
using Ftgo.Messaging.Routing;
using Ftgo.Messaging.Sync;
using Microsoft.AspNetCore.Identity;

namespace Ftgo.Legacy;

public static class LegacyExtensions
{
    /// <summary>Command-line switches of the monolith, as configuration keys.</summary>
    public static readonly Dictionary<string, string> SwitchMappings = new()
    {
        ["--seed"] = "Ftgo:Seed:Orders",
        ["--seed-value"] = "Ftgo:Seed:Value",
    };

    public static WebApplicationBuilder AddLegacy(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<LegacyOptions>().Bind(builder.Configuration.GetSection(LegacyOptions.Section));
        services.AddOptions<SeedOptions>().Bind(builder.Configuration.GetSection(SeedOptions.Section));
        services.AddLegacyStorage(builder.Configuration);
        services.AddSingleton(CourierIdRange.Parse(builder.Configuration[CourierIdRange.StartKey]));
        services.AddHealthChecks().AddDbContextCheck<LegacyDbContext>("legacy-db");
        services.AddLegacySessions(builder.Configuration);
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddScoped<Users>();
        services.AddScoped<OrderRepository>();
        services.AddScoped<OrderQueries>();
        services.AddScoped<OrderService>();
        services.AddScoped<Seeder>();

        // The seams follow the migration stage of their group, per order (see README).
        services.AddLegacyStrangler(builder.Configuration);
        // Writes answer their change-stream position, for the new side to wait on (see Ftgo.Hosting's Sync/).
        services.AddSingleton(sp => new ChangeStreamPosition(FtgoStorage.Kind(builder.Configuration),
            FtgoStorage.ConnectionString(builder.Configuration, LegacyStorage.ConnectionName), sp.GetRequiredService<ILogger<ChangeStreamPosition>>()));
        services.AddSingleton<ISyncSource, ChangeStreamSyncSource>();
        services.AddSingleton<SeamCalls>();
        services.AddScoped<OrderCohorts>();
        services.AddScoped<InProcessKitchenService>();
        services.AddScoped<RemoteKitchenService>();
        services.AddScoped<IKitchenService, StageRoutedKitchenService>();
        services.AddScoped<InProcessDeliveryService>();
        services.AddScoped<RemoteDeliveryService>();
        services.AddScoped<IDeliveryService, StageRoutedDeliveryService>();
        services.AddScoped<LegacyOutbox>();
        services.AddScoped<LegacySync>();

        // Before the bus: its listeners must find the schema migrated.
        services.AddHostedService<LegacyStartup>();
        // The monolith on the bus: it listens to the `legacy` queue (the glue handlers in NewSideSync/, which
        // apply the new services' events to its tables) and sends through the outbox in its own database.
        builder.AddFtgoMessaging(new FtgoMessagingOptions
        {
            Service = Queues.Legacy,
            ConnectionName = LegacyStorage.ConnectionName,
            HandlerAssemblies = [typeof(LegacyExtensions).Assembly],
        });
        return builder;
    }

    public static WebApplication MapLegacyApi(this WebApplication app)
    {
        app.UseMiddleware<SyncRaceRetry>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseFtgoSync();
        app.MapLoginApi();
        app.MapConsumersApi();
        app.MapRestaurantsApi();
        app.MapOrdersApi();
        app.MapKitchenApi();
        app.MapDeliveryApi();
        app.MapCouriersApi();
        app.MapSeamCallsApi();
        app.MapPartitionsApi();
        return app;
    }
}
