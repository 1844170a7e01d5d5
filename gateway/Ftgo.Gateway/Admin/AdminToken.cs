using System.Security.Cryptography;
using System.Text;
using Ftgo.Gateway.Routing;
using Microsoft.Extensions.Options;

namespace Ftgo.Gateway.Admin;

/// <summary>The admin token a request to <c>/_strangler</c> was made with: its name (what the history records) and role.</summary>
public sealed record AdminCaller(string Name, string Role)
{
    public bool MayWrite => Role == AdminRoles.Admin;
}

/// <summary>
/// <c>/_strangler</c> needs <c>Authorization: Bearer &lt;token&gt;</c> of a configured admin token
/// (<c>Ftgo:Gateway:AdminTokens:&lt;name&gt;</c>, or the single <c>Ftgo:Gateway:AdminToken</c> named
/// <c>admin</c>): 401 for a bad or absent one, 403 for a <c>read</c> token on a call that changes
/// something. With no token configured every call is refused. Every comparison takes the same time
/// whatever the guess.
/// </summary>
internal sealed class AdminToken(IOptionsMonitor<GatewayOptions> options) : IEndpointFilter
{
    /// <summary>The single <c>Ftgo:Gateway:AdminToken</c>'s name in the history.</summary>
    public const string LegacyName = "admin";

    public async ValueTask<object?> InvokeAsync(EndpointFilterInvocationContext context, EndpointFilterDelegate next)
    {
        var http = context.HttpContext;
        var tokens = Tokens(options.CurrentValue);
        if (tokens.Count == 0)
        {
            return Refusal(StatusCodes.Status401Unauthorized, "The admin API is disabled until Ftgo:Gateway:AdminToken or Ftgo:Gateway:AdminTokens is set.");
        }
        var header = http.Request.Headers.Authorization.ToString();
        const string scheme = "Bearer ";
        var given = SHA256.HashData(Encoding.UTF8.GetBytes(header.StartsWith(scheme, StringComparison.OrdinalIgnoreCase) ? header[scheme.Length..].Trim() : ""));
        AdminCaller? caller = null;
        foreach (var (name, token, role) in tokens)
        {
            // Every token is compared, so the time taken does not say which one nearly matched.
            if (CryptographicOperations.FixedTimeEquals(given, SHA256.HashData(Encoding.UTF8.GetBytes(token))))
            {
                caller ??= new AdminCaller(name, role);
            }
        }
        if (caller is null)
        {
            return Refusal(StatusCodes.Status401Unauthorized, "A valid admin token is required: Authorization: Bearer <token of Ftgo:Gateway:AdminTokens or Ftgo:Gateway:AdminToken>.");
        }
        if (!caller.MayWrite && !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method))
        {
            return Refusal(StatusCodes.Status403Forbidden, $"The admin token '{caller.Name}' has the read role: it may read status and history, not change them.");
        }
        http.Features.Set(caller);
        return await next(context);
    }

    /// <summary>The configured tokens with their names and roles; a token without a value is left out.</summary>
    internal static List<(string Name, string Token, string Role)> Tokens(GatewayOptions gateway)
    {
        var tokens = gateway.AdminTokens.Where(t => !string.IsNullOrEmpty(t.Value.Token))
            .Select(t => (t.Key, t.Value.Token!, t.Value.Role)).ToList();
        if (!string.IsNullOrEmpty(gateway.AdminToken))
        {
            tokens.Add((LegacyName, gateway.AdminToken, AdminRoles.Admin));
        }
        return tokens;
    }

    private static IResult Refusal(int status, string detail) => status == StatusCodes.Status403Forbidden
        ? TypedResults.Problem(statusCode: status, title: "forbidden", type: "urn:ftgo:problem:admin-read-only", detail: detail)
        : TypedResults.Problem(statusCode: status, title: "unauthenticated", type: "urn:ftgo:problem:admin-token-required", detail: detail);
}
