using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
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
        builder.Services.AddOptions<ServiceTokenOptions>().Bind(builder.Configuration.GetSection(ServiceTokenOptions.Section));
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<ServiceTokenOptions>, TimeProvider>((jwt, tokens, clock) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TimeProvider = clock;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = tokens.Value.Issuer,
                    ValidAudience = tokens.Value.Audience,
                    IssuerSigningKey = new SymmetricSecurityKey(tokens.Value.KeyBytes()),
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
        services.AddOptions<ServiceTokenOptions>().Bind(configuration.GetSection(ServiceTokenOptions.Section));
        services.AddSingleton<ServiceTokenIssuer>();
        return services;
    }
}
