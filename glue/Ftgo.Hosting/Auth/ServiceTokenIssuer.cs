using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ftgo.Hosting.Auth;

/// <summary>Signs the service token for an authenticated legacy session (used by the gateway), ES256, for one service.</summary>
public sealed class ServiceTokenIssuer(IOptions<ServiceTokenOptions> options, ServiceKeyRing keys, TimeProvider clock)
{
    private readonly JsonWebTokenHandler _handler = new();

    /// <summary>The id of the key that signs now (a token cache keyed by it starts afresh at a rotation).</summary>
    public string KeyId => keys.Signing.KeyId;

    /// <param name="audience">The one service the token is for (<c>kitchen</c>, <c>delivery</c>): no other accepts it.</param>
    public string Issue(string audience, string username, long? consumerId, IEnumerable<string> roles)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var claims = new List<Claim> { new(ServiceTokenClaims.Username, username) };
        if (consumerId is { } id)
        {
            claims.Add(new(ServiceTokenClaims.ConsumerId, id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        }
        claims.AddRange(roles.Select(r => new Claim(ServiceTokenClaims.Roles, r)));
        return _handler.CreateToken(new SecurityTokenDescriptor
        {
            Issuer = options.Value.Issuer,
            Audience = audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + options.Value.Lifetime,
            SigningCredentials = new SigningCredentials(keys.Signing, SecurityAlgorithms.EcdsaSha256),
        });
    }
}
