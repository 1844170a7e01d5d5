using Ftgo.Hosting.Auth;

namespace Ftgo.Gateway.Auth;

/// <summary>
/// The gateway's public keys, as a JSON Web Key Set: what the services verify service tokens with
/// (<c>Ftgo:Auth:Keys</c> = this URL). Public by nature: it holds no secret.
/// </summary>
internal static class KeySetEndpoint
{
    public const string Path = "/.well-known/jwks.json";

    public static IEndpointRouteBuilder MapServiceKeySet(this IEndpointRouteBuilder app)
    {
        app.MapGet(Path, (ServiceKeyRing keys) => Results.Text(keys.PublicKeySet, "application/jwk-set+json")).ExcludeFromDescription();
        return app;
    }
}
