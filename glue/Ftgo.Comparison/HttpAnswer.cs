using System.Buffers;

namespace Ftgo.Comparison;

/// <summary>
/// One side's answer to a read, as far as the comparison looks at it.
/// </summary>
/// <param name="Status">The HTTP status code.</param>
/// <param name="ContentType">The <c>Content-Type</c>; JSON bodies are compared as JSON.</param>
/// <param name="Body">The body as received (compressed when <paramref name="ContentEncoding"/> is set).</param>
/// <param name="Truncated">The body was cut at a size limit: such an answer is not compared.</param>
/// <param name="ContentEncoding">Set while the body is still compressed (<c>gzip</c>, <c>br</c>, <c>deflate</c>).</param>
public sealed record HttpAnswer(int Status, string? ContentType, ReadOnlyMemory<byte> Body, bool Truncated,
    string? ContentEncoding = null);

/// <summary>Reading an <see cref="HttpAnswer"/> off an <see cref="HttpClient"/> response: the gateway's shadow copies, the CLI's checks.</summary>
public static class HttpAnswers
{
    /// <summary>
    /// The response's status, content type and body, the body cut (and the answer marked truncated) past
    /// <paramref name="maxBodyBytes"/>. Read through a pooled buffer into an array of the announced length when there is
    /// one: a shadow copy is read per sampled request, and a small answer then costs one array of its own size.
    /// </summary>
    public static async Task<HttpAnswer> ReadAsync(HttpResponseMessage response, int maxBodyBytes, CancellationToken ct)
    {
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        var length = response.Content.Headers.ContentLength;
        using var copy = new MemoryStream(length is { } announced && announced > 0 && announced <= maxBodyBytes ? (int)announced : 0);
        var buffer = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            int read;
            while ((read = await body.ReadAsync(buffer, ct)) > 0)
            {
                if (copy.Length + read > maxBodyBytes)
                {
                    return Answer(response, copy.ToArray(), truncated: true);
                }
                copy.Write(buffer, 0, read);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
        return Answer(response, copy.Length == copy.Capacity ? copy.GetBuffer() : copy.ToArray(), truncated: false);
    }

    private static HttpAnswer Answer(HttpResponseMessage response, byte[] body, bool truncated) =>
        new((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), body, truncated);
}
