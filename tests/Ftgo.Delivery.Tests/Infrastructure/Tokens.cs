using Ftgo.Hosting.Auth;
using Microsoft.Extensions.Options;

namespace Ftgo.Delivery.Tests.Infrastructure;

/// <summary>Service tokens as the gateway signs them, with a fixed test key.</summary>
public static class Tokens
{
    /// <summary>32 fixed bytes, base64: the <c>Ftgo:Auth:SigningKey</c> of every test host.</summary>
    public static readonly string SigningKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray());

    /// <summary>Lifetime of the tokens the tests issue; longer than any test moves its clock.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    public static string Issue(TimeProvider clock, string? signingKey = null, TimeSpan? lifetime = null) =>
        new ServiceTokenIssuer(
                Options.Create(new ServiceTokenOptions { SigningKey = signingKey ?? SigningKey, Lifetime = lifetime ?? Lifetime }),
                clock)
            .Issue("demo", 1, ["consumer", "courier"]);
}
