using Microsoft.Extensions.Primitives;

namespace Ftgo.Gateway.Routing;

/// <summary>
/// <c>X-Ftgo-Origin</c>: which backend answered (<c>legacy</c>, <c>kitchen</c>, <c>delivery</c>), or
/// <c>gateway</c> for what the gateway answers itself (its admin API, health, refusals).
/// </summary>
public static class OriginHeader
{
    public const string Name = "X-Ftgo-Origin";

    public static readonly StringValues Legacy = new(Services.Legacy);
    public static readonly StringValues Kitchen = new(Services.Kitchen);
    public static readonly StringValues Delivery = new(Services.Delivery);
    public static readonly StringValues Gateway = new("gateway");

    public static StringValues For(string service) => service switch
    {
        Services.Legacy => Legacy,
        Services.Kitchen => Kitchen,
        Services.Delivery => Delivery,
        _ => new StringValues(service),
    };
}
