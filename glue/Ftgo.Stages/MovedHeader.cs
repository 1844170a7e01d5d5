namespace Ftgo.Stages;

/// <summary>
/// The header on the monolith's 410 <c>moved-to-new-service</c>, naming the route group. The monolith
/// refused without doing anything, because its flags already put the request on the new side; the gateway,
/// which read the flags a moment earlier, sends the same request to the new side instead of passing on a
/// refusal the monolith alone would never give.
/// </summary>
public static class MovedHeader
{
    public const string Name = "X-Ftgo-Moved";
}
