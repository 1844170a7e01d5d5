using Ftgo.Legacy.Auth;
using Ftgo.Legacy.Consumers;
using Ftgo.Legacy.Data;
using Ftgo.Legacy.Delivery;
using Ftgo.Legacy.Kitchen;
using Ftgo.Legacy.Orders;
using Ftgo.Legacy.Restaurants;
using Ftgo.Legacy.Seeding;
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
        services.AddHealthChecks().AddDbContextCheck<LegacyDbContext>("legacy-db");
        services.AddLegacySessions(builder.Configuration);
        services.AddSingleton<IPasswordHasher<User>, PasswordHasher<User>>();
        services.AddScoped<Users>();
        services.AddScoped<OrderRepository>();
        services.AddScoped<OrderQueries>();
        services.AddScoped<OrderService>();
        services.AddScoped<IKitchenService, InProcessKitchenService>();
        services.AddScoped<IDeliveryService, InProcessDeliveryService>();
        services.AddScoped<Seeder>();
        services.AddHostedService<LegacyStartup>();
        return builder;
    }

    public static WebApplication MapLegacyApi(this WebApplication app)
    {
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapLoginApi();
        app.MapConsumersApi();
        app.MapRestaurantsApi();
        app.MapOrdersApi();
        app.MapKitchenApi();
        app.MapDeliveryApi();
        app.MapCouriersApi();
        return app;
    }
}
