using System.Text;

namespace Ftgo.Comparison.Capture;

/// <summary>One side's recorded answer; the body is decompressed, as text or (when not UTF-8) base64.</summary>
public sealed record CapturedAnswer
{
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The HTTP status code.</summary>
    public required int Status { get; init; }

    /// <summary>The <c>Content-Type</c>.</summary>
    public string? ContentType { get; init; }

    /// <summary>Response headers, secrets redacted.</summary>
    public IReadOnlyDictionary<string, string>? Headers { get; init; }

    /// <summary>The body as UTF-8 text.</summary>
    public string? Body { get; init; }

    /// <summary>The body in base64 when it is not UTF-8 text.</summary>
    public string? BodyBase64 { get; init; }

    /// <summary>Set when the body could not be decompressed and is kept as received (base64).</summary>
    public string? ContentEncoding { get; init; }

    /// <summary>The body was cut at the size limit: it is not compared on replay.</summary>
    public bool Truncated { get; init; }

    /// <summary>
    /// Records an answer (decompressed first, if it can be): its body cut at <paramref name="maxBodyBytes"/>.
    /// </summary>
    public static CapturedAnswer From(HttpAnswer answer, IReadOnlyDictionary<string, string>? headers, int maxBodyBytes)
    {
        var bytes = answer.Body;
        var truncated = answer.Truncated;
        if (bytes.Length > maxBodyBytes)
        {
            bytes = bytes[..Math.Max(0, maxBodyBytes)];
            truncated = true;
        }
        string? text = null;
        string? base64 = null;
        if (!bytes.IsEmpty && answer.ContentEncoding is not null)
        {
            base64 = Convert.ToBase64String(bytes.Span);
        }
        else if (!bytes.IsEmpty)
        {
            try
            {
                text = StrictUtf8.GetString(bytes.Span);
            }
            catch (DecoderFallbackException)
            {
                base64 = Convert.ToBase64String(bytes.Span);
            }
        }
        return new CapturedAnswer
        {
            Status = answer.Status,
            ContentType = answer.ContentType,
            Headers = headers,
            Body = text,
            BodyBase64 = base64,
            Truncated = truncated,
            ContentEncoding = answer.ContentEncoding,
        };
    }

    /// <summary>The answer as the comparison takes it.</summary>
    public HttpAnswer ToAnswer() => new(Status, ContentType,
        BodyBase64 is not null ? Convert.FromBase64String(BodyBase64) : Encoding.UTF8.GetBytes(Body ?? ""), Truncated, ContentEncoding);
}
