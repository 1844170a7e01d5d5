using Ftgo.Hosting.Auth;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Ftgo.Delivery.Tests.Infrastructure;

/// <summary>Service tokens as the gateway signs them (its <see cref="ServiceTokenIssuer"/>), with a fixed test key.</summary>
public static class Tokens
{
    /// <summary>32 fixed bytes, base64: the <c>Ftgo:Auth:SigningKey</c> of every test host.</summary>
    public static readonly string SigningKey = Convert.ToBase64String(Enumerable.Range(1, 32).Select(i => (byte)(i * 7)).ToArray());

    /// <summary>Lifetime of the tokens the tests issue; longer than any test moves its clock.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(2);

    /// <summary>Signs a token on <paramref name="clock"/>, composed the way the gateway composes its issuer.</summary>
    public static string Issue(TimeProvider clock, string? signingKey = null, TimeSpan? lifetime = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            [$"{ServiceTokenOptions.Section}:SigningKey"] = signingKey ?? SigningKey,
            [$"{ServiceTokenOptions.Section}:Lifetime"] = (lifetime ?? Lifetime).ToString("c"),
        }).Build();
        using var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton<IConfiguration>(configuration)
            .AddSingleton(clock)
            .AddServiceTokenIssuer(configuration)
            .BuildServiceProvider();
        return services.GetRequiredService<ServiceTokenIssuer>().Issue("demo", 1, ["consumer", "courier"]);
    }
}
