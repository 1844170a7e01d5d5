using Ftgo.Hosting.Json;
using Ftgo.Hosting.Problems;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace Ftgo.Hosting;

public static class FtgoHostingExtensions
{
    /// <summary>
    /// What every FTGO web process has: the legacy JSON conventions, problem details for every
    /// client error, health checks and a system clock.
    /// </summary>
    public static WebApplicationBuilder AddFtgoDefaults(this WebApplicationBuilder builder)
    {
        builder.Services.Configure<JsonOptions>(o => FtgoJson.Configure(o.SerializerOptions));
        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<ProblemExceptionHandler>();
        // Binding failures throw so that the exception handler answers them with a problem body.
        builder.Services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.AddHealthChecks();
        builder.Services.AddSingleton(TimeProvider.System);
        return builder;
    }

    /// <summary>The middleware half of <see cref="AddFtgoDefaults"/>.</summary>
    public static WebApplication UseFtgoDefaults(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.MapHealthChecks("/healthz");
        return app;
    }
}
