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
