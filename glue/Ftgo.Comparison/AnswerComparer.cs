using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ftgo.Comparison;

/// <summary>
/// Compares the legacy and the new answer to one read: the status first (<c>$status</c>), then the
/// bodies, as JSON through <see cref="JsonNormaliser"/> when both are JSON, else byte for byte (<c>$body</c>).
/// </summary>
public static class AnswerComparer
{
    /// <summary>The path that names a different status code.</summary>
    public const string StatusPath = "$status";

    /// <summary>The path that names different non-JSON bodies.</summary>
    public const string BodyPath = "$body";

    /// <summary>Compares two answers under <paramref name="rules"/>.</summary>
    public static ComparisonVerdict Compare(HttpAnswer legacy, HttpAnswer @new, ComparisonRules rules)
    {
        if (legacy.Truncated || @new.Truncated)
        {
            return ComparisonVerdict.Fail("A body is longer than the size limit (Ftgo:Gateway:Shadow:MaxBodyBytes); not compared.");
        }
        if (!TryDecode(legacy, out legacy, out var error) || !TryDecode(@new, out @new, out error))
        {
            return ComparisonVerdict.Fail(error!);
        }
        var paths = new List<string>();
        if (legacy.Status != @new.Status)
        {
            paths.Add(StatusPath);
        }
        if (legacy.Body.Span.SequenceEqual(@new.Body.Span))
        {
            // The same bytes are the same JSON, whatever the rules: the parse and the walk could find no difference.
            // A legacy-compatible endpoint that answers byte for byte as the monolith does ends here, without a parse.
            return paths.Count == 0 ? ComparisonVerdict.Match : new ComparisonVerdict(false, paths, null);
        }
        if (IsJson(legacy.ContentType) && IsJson(@new.ContentType)
            && TryParse(legacy.Body, out var legacyJson) && TryParse(@new.Body, out var newJson))
        {
            paths.AddRange(JsonDiff.Compare(JsonNormaliser.Normalise(legacyJson), JsonNormaliser.Normalise(newJson), rules));
        }
        else
        {
            paths.Add(BodyPath);
        }
        return paths.Count == 0 ? ComparisonVerdict.Match : new ComparisonVerdict(false, paths, null);
    }

    /// <summary>
    /// The answer with its body decompressed (the client may have asked the backend for a compressed
    /// answer; a copy never does); false with the reason when the encoding is unknown or the body corrupt.
    /// </summary>
    public static bool TryDecode(HttpAnswer answer, out HttpAnswer decoded, out string? error)
    {
        error = null;
        decoded = answer;
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
        decoded = answer with { Body = plain.ToArray(), ContentEncoding = null };
        return true;
    }

    private static bool IsJson(string? contentType) =>
        contentType is not null && contentType.Contains("json", StringComparison.OrdinalIgnoreCase);

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
