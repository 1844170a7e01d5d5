using Ftgo.Glue.Acl;
using Ftgo.Hosting;
using Ftgo.Hosting.Sync;
using Ftgo.Delivery.Data;
using Ftgo.Delivery.Deliveries;
using Ftgo.Delivery.LateDeliveries;
using Ftgo.Delivery.LegacyContract;
using Ftgo.Delivery.Messaging;
using Ftgo.Hosting.Auth;
using Ftgo.Messaging;
using Ftgo.Messaging.Routing;

namespace Ftgo.Delivery;

public static class DeliveryExtensions
{
    /// <summary>
    /// The Delivery service's registrations: options, storage, health, the gateway's token (its key
    /// and its checks are Ftgo.Hosting's), and the
    /// bus — it listens to the <c>delivery</c> queue (the handlers of this assembly) and publishes
    /// through the outbox in its own database.
    /// </summary>
    public static WebApplicationBuilder AddDelivery(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<DeliveryOptions>().Bind(builder.Configuration.GetSection(DeliveryOptions.Section))
            .Validate(o => o.LateListLimit > 0, "Ftgo:Delivery:LateListLimit must be positive.")
            .ValidateOnStart();
        services.AddDeliveryStorage(builder.Configuration);
        services.AddSingleton(CourierIdRange.Parse(builder.Configuration[CourierIdRange.StartKey]));
        services.AddHealthChecks().AddDbContextCheck<DeliveryDbContext>("delivery-db");
        builder.AddServiceTokenAuthentication(audience: "delivery");
        // Before the bus: its listeners must find the schema migrated.
        services.AddHostedService<DeliveryStartup>();
        builder.AddFtgoMessaging(new FtgoMessagingOptions
        {
            Service = Queues.Delivery,
            ConnectionName = DeliveryStorage.ConnectionName,
            CdcTargetSchema = DeliveryDbContext.Schema,
            HandlerAssemblies = [typeof(DeliveryExtensions).Assembly],
        });
        services.AddScoped<IUnitOfWork, OutboxUnitOfWork>();
        services.AddScoped<ScheduleInFlight>();
        return builder;
    }

    public static WebApplication MapDeliveryApi(this WebApplication app)
    {
        app.UseMiddleware<SyncRaceRetry>();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseFtgoSync();
        app.MapLateDeliveriesApi();
        app.MapDeliveriesApi();
        app.MapLegacyDeliveryApi();
        app.MapLegacyCouriersApi();
        return app;
    }
}
