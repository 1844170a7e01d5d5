using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Ftgo.Hosting.Storage;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ftgo.Hosting.Auth;

public static class ServiceAuthExtensions
{
    /// <summary>
    /// For an extracted service: require the gateway's service token (JWT bearer) and validate its ES256
    /// signature against the gateway's public keys (<see cref="ServiceKeySet"/>), its issuer, its audience
    /// (<paramref name="audience"/>, this service's own name: a token minted for another service is refused)
    /// and its lifetime (30 s clock skew). A missing or bad token is a 401 problem.
    /// </summary>
    public static WebApplicationBuilder AddServiceTokenAuthentication(this WebApplicationBuilder builder, string audience)
    {
        AddServiceTokenOptions(builder.Services, builder.Configuration);
        builder.Services.TryAddSingleton(sp => new ServiceKeySet(
            sp.GetRequiredService<IOptions<ServiceTokenOptions>>().Value.KeysIn(sp.GetRequiredService<IConfiguration>()),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger<ServiceKeySet>()));
        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer();
        builder.Services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme)
            .Configure<IOptions<ServiceTokenOptions>, ServiceKeySet, TimeProvider>((jwt, tokens, keys, clock) =>
            {
                jwt.MapInboundClaims = false;
                jwt.TimeProvider = clock;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = tokens.Value.Issuer,
                    ValidAudience = audience,
                    ValidAlgorithms = [SecurityAlgorithms.EcdsaSha256],
                    IssuerSigningKeyResolver = (_, _, _, _) => keys.Keys,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = ServiceTokenClaims.Username,
                    RoleClaimType = ServiceTokenClaims.Roles,
                };
                jwt.Events = new JwtBearerEvents
                {
                    // A key the service has not seen yet (the gateway rotated): read the set before validating.
                    OnMessageReceived = async ctx =>
                    {
                        var header = ctx.Request.Headers.Authorization.ToString();
                        if (header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) && KeyIdOf(header[7..].Trim()) is { } keyId)
                        {
                            await keys.EnsureAsync(keyId, ctx.HttpContext.RequestAborted);
                        }
                    },
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
                                Detail = ctx.AuthenticateFailure switch
                                {
                                    null => "A service token from the gateway is required.",
                                    SecurityTokenSignatureKeyNotFoundException when keys.LastError is { } error =>
                                        $"The service token is signed with a key this service does not hold, and the gateway's keys could not be read from {keys.Source}: {error}",
                                    var failure => "The service token is not valid: " + failure.Message,
                                },
                            },
                        });
                    },
                };
            });
        builder.Services.AddAuthorization();
        return builder;
    }

    /// <summary>For the gateway: sign service tokens with its own keys (<see cref="ServiceKeyRing"/>).</summary>
    public static IServiceCollection AddServiceTokenIssuer(this IServiceCollection services, IConfiguration configuration)
    {
        AddServiceTokenOptions(services, configuration);
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<ServiceTokenOptions>>().Value;
            return new ServiceKeyRing(options.KeyFolderIn(configuration), createIfEmpty: options.KeyFolder.Length == 0,
                Path.Combine(FtgoStorage.DataFolder(configuration), ServiceTokenOptions.DefaultKeySetFile),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<ServiceKeyRing>());
        });
        services.TryAddSingleton<ServiceTokenIssuer>();
        return services;
    }

    /// <summary>The <c>kid</c> of a compact JWT's header, or null when the token is malformed (validation then says so).</summary>
    private static string? KeyIdOf(string token)
    {
        try
        {
            return new JsonWebToken(token).Kid;
        }
        catch (ArgumentException)
        {
            return null;
        }
    }

    // A stale or malformed setting stops the process at start-up with a plain message.
    private static void AddServiceTokenOptions(IServiceCollection services, IConfiguration configuration) =>
        services.AddOptions<ServiceTokenOptions>().Bind(configuration.GetSection(ServiceTokenOptions.Section))
            .Validate(o => o.Problem() is null, "Ftgo:Auth is not valid: remove Ftgo:Auth:SigningKey (the gateway signs with its own " +
                "ES256 keys, Ftgo:Auth:KeyFolder; services verify with Ftgo:Auth:Keys), and keep Ftgo:Auth:Lifetime positive.")
            .ValidateOnStart();
}
