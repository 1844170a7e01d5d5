namespace Ftgo.Gateway.Auth;

/// <summary>The auth bridge's settings, bound from <c>Ftgo:Gateway:Auth</c>.</summary>
public sealed record AuthBridgeOptions
{
    public const string Section = "Ftgo:Gateway:Auth";

    /// <summary>The monolith's session cookie (chunks of it, <c>{name}C1</c>…, are carried too).</summary>
    public string SessionCookie { get; init; } = "FTGO_SESSION";

    /// <summary>The monolith's endpoint that tells who a session belongs to.</summary>
    public string SessionPath { get; init; } = "/session";

    /// <summary>How long a validated session is trusted without asking the monolith again.</summary>
    public TimeSpan ValidSessionCache { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>How long a refused session stays refused without asking again.</summary>
    public TimeSpan InvalidSessionCache { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>How long the monolith may take to answer <see cref="SessionPath"/>.</summary>
    public TimeSpan SessionTimeout { get; init; } = TimeSpan.FromSeconds(5);
}
