using System.Globalization;

namespace Ftgo.Glue.Acl;

/// <summary>
/// While the delivery group moves, couriers are registered on two sides: the monolith (its own
/// generator, from 1) and the Delivery service. Their ids must never meet, however far CDC and the
/// events lag behind: two couriers with one id would be merged into one by the sync. So the ranges
/// are disjoint: the Delivery service allocates from <see cref="Start"/> (<c>Ftgo:Delivery:CourierIdStart</c>,
/// 10⁹ by default; pick a value the monolith's ids will never reach) and the monolith stays below it.
/// Both processes read the same key. A start of 1 gives the service no range of its own: only for a
/// service that registers couriers where the monolith does not (its ids then follow the monolith's).
/// The monolith, Delivery, the CDC and the gateway ask this one rule; storage keeps the generators in it (<c>CourierIdGenerator</c>).
/// </summary>
public sealed record CourierIdRange(long Start)
{
    public const string StartKey = "Ftgo:Delivery:CourierIdStart";
    public const long DefaultStart = 1_000_000_000;

    /// <summary>
    /// Whether the Delivery service registered this courier (else the monolith did). With a start of 1
    /// every courier counts as the service's, which is where they are registered then.
    /// </summary>
    public bool RegisteredByService(long courierId) => courierId >= Start;

    /// <summary>The range a process is configured with: <paramref name="value"/> is the setting <see cref="StartKey"/>, absent for the default.</summary>
    public static CourierIdRange Parse(string? value)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return new CourierIdRange(DefaultStart);
        }
        if (!long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var start) || start < 1)
        {
            throw new InvalidOperationException($"{StartKey} is '{value}'; it must be a positive whole number " +
                                                $"(the first courier id the Delivery service hands out; default {DefaultStart}).");
        }
        return new CourierIdRange(start);
    }
}
