using Ftgo.Hosting;
using Ftgo.Hosting.Sync;
using Ftgo.Hosting.Auth;
using Ftgo.Kitchen.Data;
using Ftgo.Kitchen.Legacy;
using Ftgo.Kitchen.Tickets;
using Ftgo.Messaging;
using Ftgo.Messaging.Routing;

namespace Ftgo.Kitchen;

public static class KitchenExtensions
{
    public static WebApplicationBuilder AddKitchen(this WebApplicationBuilder builder)
    {
        builder.Services.AddKitchenStorage(builder.Configuration);
        builder.Services.AddHealthChecks().AddDbContextCheck<KitchenDbContext>("kitchen-db");
        builder.Services.AddScoped<TicketWorkflow>();
        builder.AddServiceTokenAuthentication(audience: "kitchen");
        builder.AddFtgoMessaging(new FtgoMessagingOptions
        {
            Service = Queues.Kitchen,
            ConnectionName = KitchenStorage.ConnectionName,
            Schema = KitchenDbContext.Schema,
            CdcTargetSchema = KitchenDbContext.Schema,
            HandlerAssemblies = [typeof(KitchenExtensions).Assembly],
        });
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
