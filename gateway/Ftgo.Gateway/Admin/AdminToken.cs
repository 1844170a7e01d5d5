using System.Security.Cryptography;
using System.Text;
using Ftgo.Gateway.Routing;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Admin;

/// <summary>
/// <c>/_strangler</c> needs <c>Authorization: Bearer {Ftgo:Gateway:AdminToken}</c>; with no token
/// configured every call is refused. The comparison takes the same time whatever the guess.
/// </summary>
internal sealed class AdminToken(IOptionsMonitor<GatewayOptions> options) : IEndpointFilter
{
    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var expected = options.CurrentValue.AdminToken;
        if (string.IsNullOrEmpty(expected))
        {
            return Refusal("The admin API is disabled until Ftgo:Gateway:AdminToken is set.");
        }
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var given = header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : "";
        if (!CryptographicOperations.FixedTimeEquals(
                SHA256.HashData(Encoding.UTF8.GetBytes(given)), SHA256.HashData(Encoding.UTF8.GetBytes(expected))))
        {
            return Refusal("A valid admin token is required: Authorization: Bearer <Ftgo:Gateway:AdminToken>.");
        }
        return await next(context);
    }

    private static IResult Refusal(string detail) => TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized,
        title: "unauthenticated", type: "urn:ftgo:problem:admin-token-required", detail: detail);
}
