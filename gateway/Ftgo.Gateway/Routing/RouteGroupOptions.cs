using Ftgo.Gateway.Shadow;

namespace Ftgo.Gateway.Routing;

/// <summary>
/// A route group: routes that move from the monolith to one new service together, under one flag.
/// </summary>
public sealed record RouteGroupOptions
{
    /// <summary>The new service that takes the routes over: <c>kitchen</c> or <c>delivery</c>.</summary>
    public string Service { get; init; } = "";

    /// <summary>A feature only the new service has: no legacy side, nothing to compare; answered 404 until live.</summary>
    public bool NewOnly { get; init; }

    /// <summary>
    /// Where the sticky cohort comes from, first match wins: <c>route:{name}</c> (a route value such as
    /// the order id), <c>consumer</c> (the authenticated consumer), <c>header:{name}</c>. Default
    /// <c>route:id</c>, then <c>consumer</c>.
    /// </summary>
    public IReadOnlyList<string>? CohortKeys { get; init; }

    public IReadOnlyList<GroupRouteOptions>? Routes { get; init; }

    /// <summary>
    /// The shadow comparison's rules for this group (also those <c>ftgo replay</c> applies to its capture) and
    /// how long a difference waits for its confirming re-read.
    /// </summary>
    public GroupShadowOptions? Shadow { get; init; }

    public static readonly IReadOnlyList<string> DefaultCohortKeys = ["route:id", "consumer"];
}

/// <summary>One route of a group.</summary>
public sealed record GroupRouteOptions
{
    /// <summary>ASP.NET Core route template of the legacy contract, e.g. <c>/orders/{id:long}/accept</c>.</summary>
    public string Path { get; init; } = "";

    /// <summary>HTTP methods; none means every method.</summary>
    public IReadOnlyList<string>? Methods { get; init; }

    /// <summary>
    /// The path on the new side when its API differs, with the route values of <see cref="Path"/>
    /// (e.g. <c>/tickets/{id}/accept</c>); null keeps the legacy path.
    /// </summary>
    public string? NewPath { get; init; }

    /// <summary>
    /// A route about one courier, its one path parameter the courier id. Couriers are registered on both
    /// sides, from disjoint id ranges (the service's starts at <c>Ftgo:Delivery:CourierIdStart</c>, which the
    /// gateway reads as the monolith and Delivery do). At <c>live</c> such a request goes to the side that
    /// registered the courier, whatever its cohort, so a client never asks the side that may not hold it yet;
    /// the percent splits registrations.
    /// </summary>
    public bool ByCourierRegistrar { get; init; }
}
