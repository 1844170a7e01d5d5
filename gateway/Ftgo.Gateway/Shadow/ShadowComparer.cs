using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ftgo.Gateway.Shadow;

/// <summary>The verdict on one copied read.</summary>
internal sealed record ShadowVerdict(bool Matched, IReadOnlyList<string> Paths, string? Error)
{
    public static ShadowVerdict Match { get; } = new(true, [], null);

    public static ShadowVerdict Fail(string error) => new(false, [], error);
}

/// <summary>
/// Compares the legacy and the new answer to one read: the status first (<c>$status</c>), then the
/// bodies, as JSON through <see cref="JsonNormaliser"/> when both are JSON, else byte for byte (<c>$body</c>).
/// </summary>
internal static class ShadowComparer
{
    public const string StatusPath = "$status";
    public const string BodyPath = "$body";

    public static ShadowVerdict Compare(ShadowAnswer legacy, ShadowAnswer @new, ShadowRules rules)
    {
        if (legacy.Truncated || @new.Truncated)
        {
            return ShadowVerdict.Fail("A body is longer than Ftgo:Gateway:Shadow:MaxBodyBytes; not compared.");
        }
        var paths = new List<string>();
        if (legacy.Status != @new.Status)
        {
            paths.Add(StatusPath);
        }
        if (legacy.Body.IsEmpty && @new.Body.IsEmpty)
        {
            return paths.Count == 0 ? ShadowVerdict.Match : new ShadowVerdict(false, paths, null);
        }
        if (IsJson(legacy.ContentType) && IsJson(@new.ContentType)
            && TryParse(legacy.Body, out var legacyJson) && TryParse(@new.Body, out var newJson))
        {
            paths.AddRange(JsonDiff.Compare(JsonNormaliser.Normalise(legacyJson), JsonNormaliser.Normalise(newJson), rules));
        }
        else if (!legacy.Body.Span.SequenceEqual(@new.Body.Span))
        {
            paths.Add(BodyPath);
        }
        return paths.Count == 0 ? ShadowVerdict.Match : new ShadowVerdict(false, paths, null);
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && (contentType.Contains("json", StringComparison.OrdinalIgnoreCase));

    private static bool TryParse(ReadOnlyMemory<byte> body, out JsonNode? node)
    {
        try
        {
            node = JsonNode.Parse(body.Span);
            return true;
        }
        catch (JsonException)
        {
            node = null;
            return false;
        }
    }
}
