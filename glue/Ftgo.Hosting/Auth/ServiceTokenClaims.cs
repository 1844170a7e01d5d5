namespace Ftgo.Hosting.Auth;

/// <summary>Claim names carried by the service token.</summary>
public static class ServiceTokenClaims
{
    public const string ConsumerId = "consumer_id";
    public const string Roles = "roles";
    public const string Username = "sub";
}
