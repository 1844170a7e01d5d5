using System.Security.Claims;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Ftgo.Hosting.Auth;

/// <summary>Signs the service token for an authenticated legacy session (used by the gateway).</summary>
public sealed class ServiceTokenIssuer(IOptions<ServiceTokenOptions> options, ServiceTokenKey key, TimeProvider clock)
{
    /// <summary>An issuer over the configured <see cref="ServiceTokenOptions.SigningKey"/> (tools and tests).</summary>
    public ServiceTokenIssuer(IOptions<ServiceTokenOptions> options, TimeProvider clock)
        : this(options, ServiceTokenKey.FromConfigured(options.Value), clock)
    {
    }

    private readonly JsonWebTokenHandler _handler = new();
    private readonly SigningCredentials _credentials =
        new(key.Key, SecurityAlgorithms.HmacSha256);

    public string Issue(string username, long? consumerId, IEnumerable<string> roles)
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
            Audience = options.Value.Audience,
            Subject = new ClaimsIdentity(claims),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + options.Value.Lifetime,
            SigningCredentials = _credentials,
        });
    }
}
