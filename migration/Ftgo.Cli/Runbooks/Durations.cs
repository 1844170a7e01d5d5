using System.Globalization;
using System.Text.RegularExpressions;

namespace Ftgo.Cli.Runbooks;

/// <summary>Durations as a runbook writes them: <c>250ms</c>, <c>30s</c>, <c>5m</c>, <c>2h</c>.</summary>
public static partial class Durations
{
    public static bool TryParse(string? text, out TimeSpan value)
    {
        value = default;
        var match = Pattern().Match(text?.Trim() ?? "");
        if (!match.Success)
        {
            return false;
        }
        var number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        value = match.Groups[2].Value switch
        {
            "ms" => TimeSpan.FromMilliseconds(number),
            "s" => TimeSpan.FromSeconds(number),
            "m" => TimeSpan.FromMinutes(number),
            _ => TimeSpan.FromHours(number),
        };
        return true;
    }

    public static string Format(TimeSpan value) => value switch
    {
        { TotalMilliseconds: < 1000 } => $"{value.TotalMilliseconds:0}ms",
        { TotalSeconds: < 120 } => $"{value.TotalSeconds:0.#}s",
        { TotalMinutes: < 120 } => $"{value.TotalMinutes:0.#}m",
        _ => $"{value.TotalHours:0.#}h",
    };

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)(ms|s|m|h)$")]
    private static partial Regex Pattern();
}
