using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http.Features;

namespace Ftgo.Gateway.Auth;

/// <summary>
/// The gateway proxies only its own routes to its own backends. An absolute-URI request line
/// (<c>GET http://elsewhere/ HTTP/1.1</c>) or a <c>CONNECT</c> is a forward-proxy request and is refused
/// with 400; unknown <c>Host</c> names are refused by host filtering (<c>AllowedHosts</c>), and the
/// <c>Host</c> header never picks a destination (YARP sends the backend's own). The processes' internal endpoints
/// (<c>/_ftgo/…</c>: a service's CDC report, the monolith's seam counts) are for the fleet's own tools, not clients: 404.
/// </summary>
internal static class OpenProxyGuard
{
    /// <summary>The path under which every FTGO process keeps its internal endpoints.</summary>
    public const string InternalPrefix = "/_ftgo";

    public static IApplicationBuilder UseOpenProxyGuard(this IApplicationBuilder app) =>
        app.Use(static (http, next) =>
        {
            http.Response.Headers[Routing.OriginHeader.Name] = Routing.OriginHeader.Gateway;
            var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
            if (HttpMethods.IsConnect(http.Request.Method) || (target is { Length: > 0 } && target[0] != '/' && target != "*"))
            {
                return Refuse(http);
            }
            if (http.Request.Path.StartsWithSegments(InternalPrefix, StringComparison.OrdinalIgnoreCase))
            {
                return NotFound(http);
            }
            return next(http);
        });

    // As a process answers a path it does not have (its status-code page): the path goes through the proxy's route,
    // which has no status-code pages.
    private static Task NotFound(HttpContext http) =>
        WriteAsync(http, new ProblemDetails { Status = StatusCodes.Status404NotFound });

    private static Task Refuse(HttpContext http) => WriteAsync(http, new ProblemDetails
    {
        Status = StatusCodes.Status400BadRequest,
        Type = "urn:ftgo:problem:not-a-proxy",
        Title = "not a proxy",
        Detail = "This gateway forwards only its own routes; absolute-URI and CONNECT requests are refused.",
    });

    private static Task WriteAsync(HttpContext http, ProblemDetails problem)
    {
        http.Response.StatusCode = problem.Status!.Value;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = http, ProblemDetails = problem }).AsTask();
    }
}
