using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Ftgo.Hosting.Auth;

public static class ServiceAuthExtensions
{
    /// <summary>
    /// For an extracted service: require the gateway's service token (JWT bearer) and validate its
    /// signature, issuer, audience and lifetime (30 s clock skew). A missing or bad token is a 401 problem.
    /// </summary>
    public static WebApplicationBuilder AddServiceTokenAuthentication(this WebApplicationBuilder builder)
    {
        AddServiceTokenKey(builder.Services, builder.Configuration);
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<ServiceTokenOptions>, ServiceTokenKey, TimeProvider>((jwt, tokens, key, clock) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TimeProvider = clock;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = tokens.Value.Issuer,
                    ValidAudience = tokens.Value.Audience,
                    IssuerSigningKey = key.Key,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = ServiceTokenClaims.Username,
                    RoleClaimType = ServiceTokenClaims.Roles,
                };
                jwt.Events = new JwtBearerEvents
                {
                    OnChallenge = async ctx =>
                    {
                        ctx.HandleResponse();
                        ctx.Response.StatusCode = StatusCodes.Status401Unauthorized;
                        var problems = ctx.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
                        await problems.WriteAsync(new ProblemDetailsContext
                        {
                            HttpContext = ctx.HttpContext,
                            ProblemDetails =
                            {
                                Status = 401,
                                Type = "urn:ftgo:problem:unauthenticated",
                                Title = "unauthenticated",
                                Detail = ctx.AuthenticateFailure is null
                                    ? "A service token from the gateway is required."
                                    : "The service token is not valid: " + ctx.AuthenticateFailure.Message,
                            },
                        });
                    },
                };
            });
        builder.Services.AddAuthorization();
        return builder;
    }

    /// <summary>For the gateway: sign service tokens with the shared key.</summary>
    public static IServiceCollection AddServiceTokenIssuer(this IServiceCollection services, IConfiguration configuration)
    {
        AddServiceTokenKey(services, configuration);
        services.AddSingleton(sp => new ServiceTokenIssuer(sp.GetRequiredService<IOptions<ServiceTokenOptions>>(),
            sp.GetRequiredService<ServiceTokenKey>(), sp.GetRequiredService<TimeProvider>()));
        return services;
    }

    // A malformed configured key stops the process at start-up with a plain message.
    private static void AddServiceTokenKey(IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ServiceTokenOptions>().Bind(configuration.GetSection(ServiceTokenOptions.Section))
            .Validate(o => o.Problem() is null, "Ftgo:Auth:SigningKey must be base64 of at least 32 bytes, and the same in the gateway and the services.")
            .ValidateOnStart();
        services.TryAddSingleton(sp => ServiceTokenKey.Resolve(sp.GetRequiredService<IOptions<ServiceTokenOptions>>(),
            sp.GetRequiredService<IConfiguration>(), sp.GetRequiredService<ILoggerFactory>().CreateLogger<ServiceTokenKey>()));
    }
}
