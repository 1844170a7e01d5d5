using System.Security.Claims;
using Ftgo.Legacy.Data;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace Ftgo.Legacy.Auth;

public sealed record LoginRequest(string Username, string Password);

/// <summary>Who a session belongs to: what <c>/login</c> answers and what <c>GET /session</c> tells a gateway.</summary>
public sealed record SessionResponse(string Username, long? ConsumerId, IReadOnlyList<string> Roles);

public static class LoginApi
{
    public static IEndpointRouteBuilder MapLoginApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/login", Login).WithTags("Login");
        app.MapPost("/logout", Logout).WithTags("Login");
        app.MapGet("/session", CurrentSession).WithTags("Login").RequireSession();
        return app;
    }

    private static async Task<Results<Ok<SessionResponse>, ProblemHttpResult>> Login(
        LoginRequest request, LegacyDbContext db, IPasswordHasher<User> hasher, HttpContext http, CancellationToken ct)
    {
        var user = await db.Users.FirstOrDefaultAsync(u => u.Username == request.Username, ct);
        if (user is null || hasher.VerifyHashedPassword(user, user.PasswordHash, request.Password ?? "")
            == PasswordVerificationResult.Failed)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "unauthenticated",
                type: "urn:ftgo:problem:bad-credentials", detail: "Unknown username or wrong password.",
                extensions: new Dictionary<string, object?> { ["code"] = "bad-credentials" });
        }
        await Sessions.SignInAsync(http, user);
        return TypedResults.Ok(new SessionResponse(user.Username, user.ConsumerId, user.RoleList));
    }

    private static async Task<Ok> Logout(HttpContext http, CancellationToken ct)
    {
        await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
        return TypedResults.Ok();
    }

    private static Ok<SessionResponse> CurrentSession(ClaimsPrincipal user) =>
        TypedResults.Ok(new SessionResponse(
            user.Identity!.Name!,
            long.TryParse(user.FindFirstValue(Sessions.ConsumerIdClaim), out var consumerId) ? consumerId : null,
            user.FindAll(ClaimTypes.Role).Select(c => c.Value).ToList()));
}
