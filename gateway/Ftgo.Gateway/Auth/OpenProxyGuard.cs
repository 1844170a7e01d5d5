using Microsoft.AspNetCore.Http.Features;

namespace Ftgo.Gateway.Auth;

/// <summary>
/// The gateway proxies only its own routes to its own backends. An absolute-URI request line
/// (<c>GET http://elsewhere/ HTTP/1.1</c>) or a <c>CONNECT</c> is a forward-proxy request and is refused
/// with 400; unknown <c>Host</c> names are refused by host filtering (<c>AllowedHosts</c>), and the
/// <c>Host</c> header never picks a destination (YARP sends the backend's own).
/// </summary>
internal static class OpenProxyGuard
{
    public static IApplicationBuilder UseOpenProxyGuard(this IApplicationBuilder app) =>
        app.Use(static (http, next) =>
        {
            http.Response.Headers[Routing.OriginHeader.Name] = Routing.OriginHeader.Gateway;
            var target = http.Features.Get<IHttpRequestFeature>()?.RawTarget;
            if (HttpMethods.IsConnect(http.Request.Method) || (target is { Length: > 0 } && target[0] != '/' && target != "*"))
            {
                return Refuse(http);
            }
            return next(http);
        });

    private static Task Refuse(HttpContext http)
    {
        http.Response.StatusCode = StatusCodes.Status400BadRequest;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = 400,
                Type = "urn:ftgo:problem:not-a-proxy",
                Title = "not a proxy",
                Detail = "This gateway forwards only its own routes; absolute-URI and CONNECT requests are refused.",
            },
        }).AsTask();
    }
}
