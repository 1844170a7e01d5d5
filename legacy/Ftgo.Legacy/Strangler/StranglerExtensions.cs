using Ftgo.Stages;
using Microsoft.AspNetCore.Http;

namespace Ftgo.Legacy.Strangler;

public static class StranglerExtensions
{

    /// <summary>
    /// The flags file (<c>Ftgo:Flags:File</c>, by default <c>flags.json</c> in the data folder) read
    /// through <see cref="IMigrationFlags"/>, the monolith's <see cref="StageRouting"/>, and the extra
    /// members of a 410 <c>moved-to-new-service</c> problem, and its <see cref="MovedHeader"/>.
    /// </summary>
    public static IServiceCollection AddLegacyStrangler(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddFtgoFlags(configuration);
        services.AddSingleton<StageRouting>();

        services.Configure<ProblemDetailsOptions>(o =>
        {
            var previous = o.CustomizeProblemDetails;
            o.CustomizeProblemDetails = context =>
            {
                previous?.Invoke(context);
                if (context.Exception is MovedToNewServiceException moved)
                {
                    context.ProblemDetails.Extensions["service"] = moved.Service;
                    context.ProblemDetails.Extensions["group"] = moved.Group;
                    context.ProblemDetails.Extensions["stage"] = moved.Stage.ToWire();
                    context.HttpContext.Response.Headers[MovedHeader.Name] = moved.Group;
                }
            };
        });
        return services;
    }
}
