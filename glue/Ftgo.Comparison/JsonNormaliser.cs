using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ftgo.Comparison;

/// <summary>
/// Puts both answers in one shape before they are compared, knowing the legacy contract's quirks
/// (the ACL's view of them): money and ids as strings (<c>"12.50"</c>) equal the numbers the new
/// services may send; local date-times without an offset are the server's local time and equal the
/// same instant with an offset (to the second, as legacy stores them); property names match whatever
/// their case; a null property equals an absent one.
/// </summary>
internal static partial class JsonNormaliser
{
    /// <summary>A normalised value: <see cref="decimal"/>, <see cref="DateTimeOffset"/> (UTC), string, bool, null, list or object.</summary>
    public static object? Normalise(JsonNode? node) => node switch
    {
        null => null,
        JsonObject obj => NormaliseObject(obj),
        JsonArray array => array.Select(Normalise).ToList(),
        JsonValue value => NormaliseValue(value),
        _ => node.ToJsonString(),
    };

    private static NormalObject NormaliseObject(JsonObject obj)
    {
        var result = new NormalObject();
        foreach (var (name, value) in obj)
        {
            if (value is not null)
            {
                result.Properties[name] = Normalise(value);
            }
        }
        return result;
    }

    private static object? NormaliseValue(JsonValue value)
    {
        switch (value.GetValueKind())
        {
            case System.Text.Json.JsonValueKind.Number:
                return value.TryGetValue<decimal>(out var number) ? number : (decimal)value.GetValue<double>();
            case System.Text.Json.JsonValueKind.True:
                return true;
            case System.Text.Json.JsonValueKind.False:
                return false;
            case System.Text.Json.JsonValueKind.String:
                var text = value.GetValue<string>();
                if (Number().IsMatch(text) && decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var parsed))
                {
                    return parsed;
                }
                if (DateTime().IsMatch(text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture,
                        DateTimeStyles.AssumeLocal, out var instant))
                {
                    var utc = instant.ToUniversalTime();
                    return new DateTimeOffset(utc.Ticks - utc.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero);
                }
                return text;
            default:
                return null;
        }
    }

    [GeneratedRegex(@"^-?\d+(\.\d+)?$")]
    private static partial Regex Number();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")]
    private static partial Regex DateTime();
}

/// <summary>A normalised JSON object: names compared case-insensitively, the first spelling kept for paths.</summary>
internal sealed class NormalObject
{
    public Dictionary<string, object?> Properties { get; } = new(StringComparer.OrdinalIgnoreCase);
}
