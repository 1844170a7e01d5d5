using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Ftgo.Approval.Tests.Infrastructure;

/// <summary>
/// The named rules that take the volatile values out of an answer before it is compared — the only
/// place where anything is scrubbed. Each run of a scenario gets its own <see cref="Scrubber"/>:
/// the ids the scenario was given are named in the order it met them (<c>{order-1}</c>,
/// <c>{courier-1}</c>), and times are written relative to the run's anchor, the <c>readyBy</c> it chose
/// (<c>{ready-by+00:30:00}</c>), so that a wrong id or a wrong time still shows as a difference.
/// Anything no rule names is compared as it is.
/// </summary>
public static partial class ScrubRules
{
    /// <summary>Order ids: <c>orderId</c> anywhere, the id in <c>/orders/{id}</c>, and <c>order 12</c> in a problem's detail.</summary>
    public const string OrderId = "order-id";

    /// <summary>Courier ids: <c>assignedCourier</c>, the <c>id</c> of a courier answer, the id in <c>/couriers/{id}</c>, and <c>courier 3</c> in a detail.</summary>
    public const string CourierId = "courier-id";

    /// <summary>Local date-times (<c>2030-01-01T12:00:00</c>), relative to the run's readyBy.</summary>
    public const string Timestamp = "timestamp";

    /// <summary>The <c>traceId</c> of a problem-details answer: one per request.</summary>
    public const string TraceId = "trace-id";

    /// <summary>Which id kind a JSON property holds (the rule that scrubs it).</summary>
    internal static readonly IReadOnlyDictionary<string, string> IdProperties = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["orderId"] = OrderId,
        ["assignedCourier"] = CourierId,
        ["id"] = CourierId,
    };

    /// <summary>Which id kind follows a path segment (<c>/orders/12</c>, <c>/couriers/3</c>).</summary>
    internal static readonly IReadOnlyDictionary<string, string> IdSegments = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["orders"] = OrderId,
        ["couriers"] = CourierId,
    };

    internal const string TraceIdProperty = "traceId";

    /// <summary>The problem-details sentence, which names the order or courier it is about (<c>Cannot accept order 12: …</c>).</summary>
    internal const string DetailProperty = "detail";

    /// <summary>Which id kind follows a word of a sentence (<c>order 12</c>, <c>Courier 3</c>).</summary>
    internal static readonly IReadOnlyDictionary<string, string> IdWords = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["order"] = OrderId,
        ["courier"] = CourierId,
    };

    [GeneratedRegex(@"\b(order|courier) (\d+)\b", RegexOptions.IgnoreCase)]
    internal static partial Regex IdInSentence();

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?$")]
    internal static partial Regex LocalDateTime();

    [GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}")]
    internal static partial Regex DateTimeInSentence();
}

/// <summary>One run's application of <see cref="ScrubRules"/>.</summary>
public sealed class Scrubber
{
    private readonly Dictionary<(string Kind, long Id), string> _names = [];
    private DateTime? _anchor;

    /// <summary>Names an id the scenario was given (<c>{order-1}</c> for the first order, and so on).</summary>
    public void Name(string kind, long id)
    {
        if (!_names.ContainsKey((kind, id)))
        {
            var n = _names.Keys.Count(k => k.Kind == kind) + 1;
            _names[(kind, id)] = "{" + kind.Replace("-id", "", StringComparison.Ordinal) + "-" + n.ToString(CultureInfo.InvariantCulture) + "}";
        }
    }

    /// <summary>Sets the time the run's times are written relative to.</summary>
    public void Anchor(DateTime readyBy) => _anchor = readyBy;

    /// <summary>A request path with its ids named: <c>/orders/{order-1}/accept</c>.</summary>
    public string Path(string path)
    {
        var segments = path.Split('/');
        for (var i = 1; i < segments.Length; i++)
        {
            if (ScrubRules.IdSegments.TryGetValue(segments[i - 1], out var kind) && long.TryParse(segments[i], out var id))
            {
                segments[i] = NameOf(kind, id) ?? segments[i];
            }
        }
        return string.Join('/', segments);
    }

    /// <summary>A copy of <paramref name="node"/> with every rule applied.</summary>
    public JsonNode? Json(JsonNode? node) => Walk(node?.DeepClone(), property: null);

    private JsonNode? Walk(JsonNode? node, string? property)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var name in obj.Select(p => p.Key).ToList())
                {
                    obj[name] = Walk(obj[name], name);
                }
                return obj;
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    array[i] = Walk(array[i]?.DeepClone(), property);
                }
                return array;
            case JsonValue value:
                return Value(value, property);
            default:
                return node;
        }
    }

    private JsonNode Value(JsonValue value, string? property)
    {
        if (property == ScrubRules.TraceIdProperty)
        {
            return JsonValue.Create("{" + ScrubRules.TraceId + "}");
        }
        if (property is not null && ScrubRules.IdProperties.TryGetValue(property, out var kind)
            && value.TryGetValue<long>(out var id) && NameOf(kind, id) is { } name)
        {
            return JsonValue.Create(name);
        }
        if (property == ScrubRules.DetailProperty && value.TryGetValue<string>(out var sentence))
        {
            var named = ScrubRules.IdInSentence().Replace(sentence, m =>
                NameOf(ScrubRules.IdWords[m.Groups[1].Value], long.Parse(m.Groups[2].Value, CultureInfo.InvariantCulture)) is { } name
                    ? m.Groups[1].Value + " " + name
                    : m.Value);
            // A time quoted in a sentence ("readyBy … is not in the future") is relative to the anchor too.
            return JsonValue.Create(ScrubRules.DateTimeInSentence().Replace(named, m => Relative(m.Value) ?? m.Value));
        }
        if (value.TryGetValue<string>(out var text) && ScrubRules.LocalDateTime().IsMatch(text) && Relative(text) is { } relative)
        {
            return JsonValue.Create(relative);
        }
        return value.DeepClone();
    }

    /// <summary>A local date-time as an offset from the anchor (<c>{ready-by+00:30:00}</c>), or null without an anchor.</summary>
    private string? Relative(string text)
    {
        if (_anchor is not { } anchor || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var time))
        {
            return null;
        }
        var offset = time - anchor;
        var sign = offset < TimeSpan.Zero ? "-" : "+";
        return "{ready-by" + sign + offset.Duration().ToString("c", CultureInfo.InvariantCulture) + "}";
    }

    private string? NameOf(string kind, long id) => _names.GetValueOrDefault((kind, id));
}
