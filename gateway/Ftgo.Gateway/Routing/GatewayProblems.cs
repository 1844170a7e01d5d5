using Ftgo.Hosting.Problems;

namespace Ftgo.Gateway.Routing;

/// <summary>Problem-details answers the gateway gives itself (origin <c>gateway</c>).</summary>
internal static class GatewayProblems
{
    public static Task WriteAsync(HttpContext http, int status, string code, string detail)
    {
        http.Response.Headers[OriginHeader.Name] = OriginHeader.Gateway;
        return ProblemAnswer.WriteAsync(http, status, code, detail);
    }
}
