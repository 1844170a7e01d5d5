using System.IO.Compression;
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
        if (!TryDecode(ref legacy, out var error) || !TryDecode(ref @new, out error))
        {
            return ShadowVerdict.Fail(error!);
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

    // The client may have asked the backend for a compressed answer; the copy never does.
    private static bool TryDecode(ref ShadowAnswer answer, out string? error)
    {
        error = null;
        if (answer.ContentEncoding is not { } encoding || encoding.Equals("identity", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }
        using var compressed = new MemoryStream(answer.Body.ToArray());
        using Stream decoder = encoding.ToLowerInvariant() switch
        {
            "gzip" => new GZipStream(compressed, CompressionMode.Decompress),
            "br" => new BrotliStream(compressed, CompressionMode.Decompress),
            "deflate" => new ZLibStream(compressed, CompressionMode.Decompress),
            _ => Stream.Null,
        };
        if (decoder == Stream.Null)
        {
            error = $"Content-Encoding '{encoding}' cannot be compared.";
            return false;
        }
        using var plain = new MemoryStream();
        try
        {
            decoder.CopyTo(plain);
        }
        catch (InvalidDataException e)
        {
            error = $"A {encoding} body could not be decoded: {e.Message}";
            return false;
        }
        answer = answer with { Body = plain.ToArray(), ContentEncoding = null };
        return true;
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
