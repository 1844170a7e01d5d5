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

/// <summary>Reading an <see cref="HttpAnswer"/> off an <see cref="HttpClient"/> response, as the CLI's checks do.</summary>
public static class HttpAnswers
{
    /// <summary>The response's status, content type and body, the body cut (and the answer marked truncated) past <paramref name="maxBodyBytes"/>.</summary>
    public static async Task<HttpAnswer> ReadAsync(HttpResponseMessage response, int maxBodyBytes, CancellationToken ct)
    {
        await using var body = await response.Content.ReadAsStreamAsync(ct);
        using var copy = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(buffer, ct)) > 0)
        {
            if (copy.Length + read > maxBodyBytes)
            {
                return new HttpAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), copy.ToArray(), true);
            }
            copy.Write(buffer, 0, read);
        }
        return new HttpAnswer((int)response.StatusCode, response.Content.Headers.ContentType?.ToString(), copy.ToArray(), false);
    }
}
