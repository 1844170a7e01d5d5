using System.Collections.Frozen;
using System.Globalization;
using Ftgo.Comparison;
using Ftgo.Gateway.Shadow;
using Ftgo.Glue.Acl;
using Ftgo.Stages;

namespace Ftgo.Gateway.Routing;

/// <summary>
/// The configured shape of the gateway, checked and compiled once per configuration: backends, route
/// groups, their routes, templates, cohort keys and comparison rules. Flags are not part of it.
/// </summary>
internal sealed class GatewayTopology
{
    public const string CatchAllRouteId = "legacy";

    private GatewayTopology(GatewayOptions options, IReadOnlyList<GroupTopology> groups)
    {
        Options = options;
        Groups = groups.ToFrozenDictionary(g => g.Name, StringComparer.Ordinal);
        Routes = groups.SelectMany(g => g.Routes).ToFrozenDictionary(r => r.RouteId, StringComparer.Ordinal);
        _severalNodes = Services.All.Where(s => options.NodesOf(s).Count > 1).ToFrozenSet(StringComparer.Ordinal);
    }

    private readonly FrozenSet<string> _severalNodes;

    /// <summary>Whether the backend runs as several nodes (a request refused by one may be sent to another).</summary>
    public bool SeveralNodes(string service) => _severalNodes.Contains(service);

    public GatewayOptions Options { get; }

    public FrozenDictionary<string, GroupTopology> Groups { get; }

    public FrozenDictionary<string, RouteTopology> Routes { get; }

    /// <param name="couriers">The courier id ranges of the two sides; <see cref="CourierIdRange.DefaultStart"/> when null.</param>
    public static GatewayTopology Build(GatewayOptions options, CourierIdRange? couriers = null)
    {
        couriers ??= new CourierIdRange(CourierIdRange.DefaultStart);
        var errors = Validate(options).ToList();
        if (errors.Count > 0)
        {
            throw new InvalidOperationException("Ftgo:Gateway is not valid: " + string.Join(" ", errors));
        }
        var groups = options.Groups.OrderBy(g => g.Key, StringComparer.Ordinal).Select(g =>
        {
            var group = new GroupTopology(g.Key, g.Value.Service, g.Value.NewOnly,
                CohortKey.Parse(g.Value.CohortKeys ?? RouteGroupOptions.DefaultCohortKeys),
                ComparisonRules.From(g.Value.Shadow?.Rules()), g.Value.Shadow?.ConfirmAfter, g.Value.Shadow?.NoiseSample);
            group.Routes = (g.Value.Routes ?? []).Select((r, i) => new RouteTopology(
                $"{g.Key}/{i}", group, r.Path, r.Methods ?? [], r.NewPath is { Length: > 0 } p ? PathTemplate.Parse(p) : null,
                r.ByCourierRegistrar ? new RegistrarRule(PathTemplate.Parse(r.Path).Parameters.Single(), couriers) : null)).ToList();
            return group;
        }).ToList();
        return new GatewayTopology(options, groups);
    }

    public static IEnumerable<string> Validate(GatewayOptions options)
    {
        foreach (var service in Services.All)
        {
            var nodes = options.NodesOf(service);
            if (nodes.Count == 0 || nodes.Any(node => !Uri.TryCreate(node, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https")))
            {
                yield return $"Ftgo:Gateway:{service} must be an absolute http(s) URL, or several comma-separated, not '{options.BaseUrlOf(service)}'.";
            }
        }
        foreach (var (name, group) in options.Groups)
        {
            if (!GroupNames.IsValid(name))
            {
                yield return $"Group '{name}': the name must be lower-case letters, digits and '-'.";
            }
            if (!Services.NewSide.Contains(group.Service))
            {
                yield return $"Group '{name}': Service must be one of {string.Join(", ", Services.NewSide)}, not '{group.Service}'.";
            }
            if (group.Routes is not { Count: > 0 })
            {
                yield return $"Group '{name}': at least one route is required.";
            }
            string? cohortError = null;
            try
            {
                CohortKey.Parse(group.CohortKeys ?? RouteGroupOptions.DefaultCohortKeys);
            }
            catch (FormatException e)
            {
                cohortError = $"Group '{name}': {e.Message}";
            }
            if (cohortError is not null)
            {
                yield return cohortError;
            }
            if (group.Shadow?.ConfirmAfter is { } after && (after < TimeSpan.Zero || after > ShadowOptions.MaxConfirmAfter))
            {
                yield return $"Group '{name}': Shadow:ConfirmAfter must be between 0 (off) and {ShadowOptions.MaxConfirmAfter:c}, " +
                             $"not {after:c} (a time span: 00:00:01 is one second, 1 is one day).";
            }
            if (group.Shadow?.NoiseSample is { } noise && (noise is < 0 or > 1 || double.IsNaN(noise)))
            {
                yield return $"Group '{name}': Shadow:NoiseSample must be between 0 (off) and 1, not {noise}.";
            }
            string? rulesError = null;
            try
            {
                ComparisonRules.From(group.Shadow?.Rules());
            }
            catch (FormatException e)
            {
                rulesError = $"Group '{name}': Shadow: {e.Message}";
            }
            if (rulesError is not null)
            {
                yield return rulesError;
            }
            foreach (var route in group.Routes ?? [])
            {
                foreach (var error in ValidateRoute(name, route))
                {
                    yield return error;
                }
            }
        }
    }

    private static IEnumerable<string> ValidateRoute(string group, GroupRouteOptions route)
    {
        if (!route.Path.StartsWith('/'))
        {
            yield return $"Group '{group}': route path '{route.Path}' must start with '/'.";
            yield break;
        }
        if (route.ByCourierRegistrar && PathTemplate.Parse(route.Path).Parameters.Count() != 1)
        {
            yield return $"Group '{group}': route '{route.Path}' is ByCourierRegistrar; its path needs exactly one parameter, the courier id.";
        }
        if (route.NewPath is not { Length: > 0 })
        {
            yield break;
        }
        string? error = null;
        try
        {
            var legacyParameters = PathTemplate.Parse(route.Path).Parameters.ToHashSet();
            var missing = PathTemplate.Parse(route.NewPath).Parameters.Where(p => !legacyParameters.Contains(p)).ToList();
            if (missing.Count > 0)
            {
                error = $"Group '{group}': NewPath '{route.NewPath}' uses {string.Join(", ", missing)}, which '{route.Path}' does not capture.";
            }
        }
        catch (FormatException e)
        {
            error = $"Group '{group}': {e.Message}";
        }
        if (error is not null)
        {
            yield return error;
        }
    }
}

/// <summary>A configured group.</summary>
internal sealed class GroupTopology(string name, string service, bool newOnly, CohortKey cohort, ComparisonRules shadowRules,
    TimeSpan? confirmAfter = null, double? noiseSample = null)
{
    public string Name { get; } = name;

    /// <summary>The new service, which is also its YARP cluster id and its origin name.</summary>
    public string Service { get; } = service;

    public bool NewOnly { get; } = newOnly;

    public CohortKey Cohort { get; } = cohort;

    public ComparisonRules ShadowRules { get; } = shadowRules;

    /// <summary>The group's own confirmation delay; null takes the gateway's.</summary>
    public TimeSpan? ConfirmAfter { get; } = confirmAfter;

    /// <summary>The group's own noise sample; null takes the gateway's.</summary>
    public double? NoiseSample { get; } = noiseSample;

    public IReadOnlyList<RouteTopology> Routes { get; set; } = [];
}

/// <summary>A configured route of a group.</summary>
internal sealed record RouteTopology(string RouteId, GroupTopology Group, string Path, IReadOnlyList<string> Methods, PathTemplate? NewPath,
    RegistrarRule? Registrar = null)
{
    /// <summary>The route as reports name it: its methods and path (<c>POST /orders/{id:long}/accept</c>).</summary>
    public string Key { get; } = Methods.Count == 0 ? Path : $"{string.Join(",", Methods)} {Path}";

    /// <summary>
    /// The route value that names the route's order, for a group split by partition: <c>{orderId}</c>, or <c>{id}</c> on a
    /// path under <c>/orders/</c>; null when the route is about no order (a courier's <c>{id}</c> is not an order's).
    /// </summary>
    public string? OrderRouteValue { get; } = OrderValueOf(Path);

    private static string? OrderValueOf(string path)
    {
        var parameters = PathTemplate.Parse(path).Parameters.ToList();
        return parameters.Contains("orderId") ? "orderId"
            : path.StartsWith("/orders/", StringComparison.OrdinalIgnoreCase) && parameters.Contains("id") ? "id"
            : null;
    }
}

/// <summary>How a <see cref="GroupRouteOptions.ByCourierRegistrar"/> route finds the side that registered its courier.</summary>
internal sealed record RegistrarRule(string RouteValue, CourierIdRange Couriers)
{
    /// <summary>The registrar of the request's courier; null when the id is not a number (the route constraint refuses it first).</summary>
    public Side? RegistrarOf(HttpContext http) =>
        http.Request.RouteValues.TryGetValue(RouteValue, out var value)
        && long.TryParse(Convert.ToString(value, CultureInfo.InvariantCulture), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var id)
            ? Couriers.RegisteredByService(id) ? Side.New : Side.Legacy
            : null;
}
