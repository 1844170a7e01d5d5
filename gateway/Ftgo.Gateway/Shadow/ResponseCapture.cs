using Ftgo.Comparison;
using Ftgo.Gateway.Routing;
using Ftgo.Stages;

namespace Ftgo.Gateway.Shadow;

/// <summary>
/// Copies the body of a sampled read as it streams to the client (up to a limit), so that it can be
/// compared afterwards without holding the client back.
/// </summary>
internal sealed class ResponseCapture : Stream
{
    private readonly Stream _inner;
    private readonly int _limit;
    private readonly HttpContext _http;
    private MemoryStream? _copy = new();

    private ResponseCapture(HttpContext http, Stream inner, int limit)
    {
        _http = http;
        _inner = inner;
        _limit = limit;
    }

    public bool Truncated { get; private set; }

    public static ResponseCapture Attach(HttpContext http, int limit)
    {
        var capture = new ResponseCapture(http, http.Response.Body, limit);
        http.Response.Body = capture;
        return capture;
    }

    /// <summary>Stops copying (the answer is not worth comparing).</summary>
    public void Discard() => _copy = null;

    /// <summary>
    /// Detaches from the response and describes the primary answer for the comparison (with its headers
    /// when <paramref name="withHeaders"/>: the exchange is to be captured).
    /// </summary>
    public ShadowWork Complete(HttpContext http, GroupState group, RouteBinding binding, Side primarySide, string primaryOrigin,
        bool withHeaders = false)
    {
        _http.Response.Body = _inner;
        var request = http.Request;
        var otherSide = primarySide == Side.Legacy ? Side.New : Side.Legacy;
        var clientPath = request.Path.Value ?? "/";
        var newPath = binding.Route.NewPath is { } template ? template.Render(request.RouteValues) : clientPath;
        var path = otherSide == Side.New ? newPath : clientPath;
        return new ShadowWork(
            group, clientPath, path + request.QueryString.Value, otherSide, primaryOrigin,
            request.Headers.Cookie.ToString(), request.Headers.Accept.ToString(),
            new HttpAnswer(http.Response.StatusCode, http.Response.ContentType,
                _copy is null ? ReadOnlyMemory<byte>.Empty : _copy.GetBuffer().AsMemory(0, (int)_copy.Length), Truncated,
                http.Response.Headers.ContentEncoding.ToString() is { Length: > 0 } encoding ? encoding : null),
            System.Diagnostics.Stopwatch.GetTimestamp(),
            request.QueryString.Value ?? "",
            withHeaders ? http.Response.Headers.Select(h => new KeyValuePair<string, string>(h.Key, h.Value.ToString())).ToList() : null,
            (primarySide == Side.New ? newPath : clientPath) + request.QueryString.Value);
    }

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    public override void Flush() => _inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => _inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count)
    {
        Keep(buffer.AsSpan(offset, count));
        _inner.Write(buffer, offset, count);
    }

    public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        Keep(buffer.Span);
        return _inner.WriteAsync(buffer, cancellationToken);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    private void Keep(ReadOnlySpan<byte> bytes)
    {
        if (_copy is null || Truncated)
        {
            return;
        }
        if (_copy.Length + bytes.Length > _limit)
        {
            Truncated = true;
            return;
        }
        _copy.Write(bytes);
    }
}
