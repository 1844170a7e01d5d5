namespace Ftgo.Gateway.Routing;

/// <summary>Problem-details answers the gateway gives itself (origin <c>gateway</c>).</summary>
internal static class GatewayProblems
{
    public static Task WriteAsync(HttpContext http, int status, string code, string detail)
    {
        http.Response.StatusCode = status;
        http.Response.Headers[OriginHeader.Name] = OriginHeader.Gateway;
        return http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails =
            {
                Status = status,
                Type = $"urn:ftgo:problem:{code}",
                Title = code.Replace('-', ' '),
                Detail = detail,
                Extensions = { ["code"] = code },
            },
        }).AsTask();
    }
}
