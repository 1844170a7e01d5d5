using Ftgo.Comparison;
using Microsoft.Extensions.Configuration;

namespace Ftgo.Cli.ThroughApi;

/// <summary>
/// Where each side answers and how they are compared, from the gateway's own keys so that one
/// configuration serves both: <c>Ftgo:Gateway:Legacy</c>, <c>Ftgo:Gateway:Kitchen|Delivery</c> (the first
/// URL of a comma-separated list), and the group's shadow rules <c>Ftgo:Gateway:Groups:{group}:Shadow</c>.
/// </summary>
internal sealed record ApiSides(Uri Legacy, IReadOnlyDictionary<string, Uri> Services, IReadOnlyDictionary<string, ComparisonRules> Rules)
{
    /// <param name="legacyUrl"><c>--legacy-url</c>, before <c>Ftgo:Gateway:Legacy</c>.</param>
    /// <param name="serviceUrl"><c>--service-url</c>, before <c>Ftgo:Gateway:{Service}</c>; only for a group of one service.</param>
    public static ApiSides From(IConfiguration configuration, IReadOnlyList<LegacyCompatibleRead> reads, string? legacyUrl, string? serviceUrl)
    {
        var services = reads.Select(r => r.Service).Distinct().ToList();
        if (serviceUrl is not null && services.Count > 1)
        {
            throw new ArgumentException($"--service-url names one service, but these reads go to {string.Join(" and ", services)}: " +
                                        "set Ftgo:Gateway:<Service> for each instead.");
        }
        var legacy = UrlOf(legacyUrl, configuration, "Legacy", "--legacy-url");
        var urls = services.ToDictionary(s => s, s => UrlOf(serviceUrl, configuration, Capitalised(s), "--service-url"));
        var rules = reads.Select(r => r.Group).Distinct().ToDictionary(g => g, g => RulesOf(configuration, g));
        return new ApiSides(legacy, urls, rules);
    }

    private static Uri UrlOf(string? given, IConfiguration configuration, string key, string option)
    {
        var text = given ?? configuration[$"Ftgo:Gateway:{key}"]?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .FirstOrDefault();
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new ArgumentException($"the {key.ToLowerInvariant()} side's URL is not set: give {option} or Ftgo:Gateway:{key}.");
        }
        return Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new ArgumentException($"the {key.ToLowerInvariant()} side's URL must be an absolute http(s) URL, not '{text}'.");
    }

    private static ComparisonRules RulesOf(IConfiguration configuration, string group)
    {
        var section = $"Ftgo:Gateway:Groups:{group}:Shadow";
        try
        {
            return ComparisonRules.From(configuration.GetSection(section).Get<ComparisonRulesOptions>());
        }
        catch (Exception e) when (e is FormatException or InvalidOperationException)
        {
            throw new ArgumentException($"{section} is not valid: {e.Message}");
        }
    }

    private static string Capitalised(string service) => char.ToUpperInvariant(service[0]) + service[1..];
}
