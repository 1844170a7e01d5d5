using Ftgo.Hosting;
using Ftgo.Hosting.Auth;
using Ftgo.Hosting.Sync;
using Ftgo.Kitchen.Data;
using Ftgo.Kitchen.LegacyContract;
using Ftgo.Kitchen.Tickets;
using Ftgo.Messaging;
using Ftgo.Messaging.Routing;

namespace Ftgo.Kitchen;

public static class KitchenExtensions
{
    /// <summary>
    /// The Kitchen service's registrations: options, storage, health, the gateway's token (its key
    /// and its checks are Ftgo.Hosting's), and the bus — it listens to the <c>kitchen</c> queue (the
    /// handlers of this assembly) and publishes through the outbox in its own database.
    /// </summary>
    public static WebApplicationBuilder AddKitchen(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<KitchenOptions>().Bind(builder.Configuration.GetSection(KitchenOptions.Section));
        services.AddKitchenStorage(builder.Configuration);
        services.AddHealthChecks().AddDbContextCheck<KitchenDbContext>("kitchen-db");
        builder.AddServiceTokenAuthentication(audience: "kitchen");
        // Before the bus: its listeners must find the schema migrated.
        services.AddHostedService<KitchenStartup>();
        builder.AddFtgoMessaging(new FtgoMessagingOptions
        {
            Service = Queues.Kitchen,
            ConnectionName = KitchenStorage.ConnectionName,
            Schema = KitchenDbContext.Schema,
            CdcTargetSchema = KitchenDbContext.Schema,
            HandlerAssemblies = [typeof(KitchenExtensions).Assembly],
        });
        services.AddScoped<TicketWorkflow>();
        return builder;
    }

    public static WebApplication MapKitchenApi(this WebApplication app)
    {
        app.UseMiddleware<SyncRaceRetry>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseFtgoSync();
        app.MapTicketsApi();
        app.MapLegacyKitchenApi();
        return app;
    }
}
