using Ftgo.Hosting.Auth;
using Ftgo.Testing;

namespace Ftgo.Delivery.Tests.Infrastructure;

/// <summary>Service tokens as the gateway signs them (its <see cref="ServiceTokenIssuer"/>), with the test gateway's keys.</summary>
public static class Tokens
{
    /// <summary>The gateway's keys every test host trusts (<c>Ftgo:Auth:Keys</c>).</summary>
    public static readonly TestServiceKeys Keys = new();

    /// <summary>Lifetime of the tokens the tests issue; longer than any test moves its clock.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    /// <summary>Signs a token on <paramref name="clock"/> for Delivery (or <paramref name="audience"/>), with the gateway's keys or <paramref name="keys"/>.</summary>
    public static string Issue(TimeProvider clock, TestServiceKeys? keys = null, string audience = "delivery") =>
        (keys ?? Keys).Issue(audience, roles: ["consumer", "courier"], lifetime: Lifetime, clock: clock);
}
