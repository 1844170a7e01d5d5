using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.Options;

namespace Ftgo.Legacy.Auth;

/// <summary>
/// The monolith's session: a signed, encrypted cookie (ASP.NET Core data protection) with a fixed
/// lifetime. A missing, tampered or expired cookie on a mutating endpoint is a 401 problem, never
/// a redirect to a login page.
/// </summary>
public static class Sessions
{
    public const string CookieName = "FTGO_SESSION";
    public const string ConsumerIdClaim = "ftgo:consumer_id";

    public static IServiceCollection AddLegacySessions(this IServiceCollection services, IConfiguration configuration)
    {
        var keys = configuration["Ftgo:Legacy:KeysFolder"] ?? Path.Combine(Hosting.Storage.FtgoStorage.DataFolder(configuration), "keys");
        services.AddDataProtection().SetApplicationName("ftgo-legacy").PersistKeysToFileSystem(new DirectoryInfo(keys));
        services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme).AddCookie(o =>
        {
            o.Cookie.Name = CookieName;
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.SlidingExpiration = false;
            o.Events.OnRedirectToLogin = ctx => Refuse(ctx, StatusCodes.Status401Unauthorized,
                "A valid session is required: POST /login first.");
            o.Events.OnRedirectToAccessDenied = ctx => Refuse(ctx, StatusCodes.Status403Forbidden,
                "The session does not allow this.");
        });
        services.AddOptions<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme)
            .Configure<IOptions<LegacyOptions>, TimeProvider>((o, legacy, clock) =>
            {
                o.ExpireTimeSpan = legacy.Value.SessionLifetime;
                o.TimeProvider = clock;
            });
        services.AddAuthorization();
        return services;
    }

    /// <summary>Marks endpoints that change state: they need a session.</summary>
    public static TBuilder RequireSession<TBuilder>(this TBuilder builder) where TBuilder : IEndpointConventionBuilder =>
        builder.RequireAuthorization();

    private static Task Refuse(RedirectContext<CookieAuthenticationOptions> ctx, int status, string detail)
    {
        var problems = ctx.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>();
        ctx.Response.StatusCode = status;
        return problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = ctx.HttpContext,
            ProblemDetails =
            {
                Status = status,
                Type = status == 401 ? "urn:ftgo:problem:unauthenticated" : "urn:ftgo:problem:forbidden",
                Title = status == 401 ? "unauthenticated" : "forbidden",
                Detail = detail,
                // The same "code" member as every other problem of the app carries.
                Extensions = { ["code"] = status == 401 ? "unauthenticated" : "forbidden" },
            },
        }).AsTask();
    }

    internal static Task SignInAsync(HttpContext http, User user)
    {
        var claims = new List<System.Security.Claims.Claim>
        {
            new(System.Security.Claims.ClaimTypes.Name, user.Username),
            new(System.Security.Claims.ClaimTypes.NameIdentifier, user.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        if (user.ConsumerId is { } consumerId)
        {
            claims.Add(new(ConsumerIdClaim, consumerId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        claims.AddRange(user.RoleList.Select(r => new System.Security.Claims.Claim(System.Security.Claims.ClaimTypes.Role, r)));
        var identity = new System.Security.Claims.ClaimsIdentity(claims, CookieAuthenticationDefaults.AuthenticationScheme);
        return http.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new System.Security.Claims.ClaimsPrincipal(identity));
    }
}
