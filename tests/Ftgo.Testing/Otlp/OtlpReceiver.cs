using System.Collections.Concurrent;
using System.Net;
using OpenTelemetry.Proto.Collector.Trace.V1;

namespace Ftgo.Testing.Otlp;

/// <summary>
/// An OTLP/HTTP trace receiver on loopback, as a collector would be: the processes under test export to it
/// (<c>OTEL_EXPORTER_OTLP_ENDPOINT</c>, <c>OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf</c>) and a test reads
/// the spans they sent. Only traces; any other signal is answered 200 and dropped.
/// </summary>
public sealed class OtlpReceiver : IAsyncDisposable
{
    private readonly HttpListener _listener = new();
    private readonly ConcurrentQueue<ReceivedSpan> _spans = new();
    private readonly Task _loop;

    public OtlpReceiver()
    {
        var port = Processes.ChildProcess.FreePort();
        Endpoint = new Uri($"http://127.0.0.1:{port}");
        _listener.Prefixes.Add($"http://127.0.0.1:{port}/");
        _listener.Start();
        _loop = Task.Run(ServeAsync);
    }

    /// <summary>The base address to give as <c>OTEL_EXPORTER_OTLP_ENDPOINT</c>.</summary>
    public Uri Endpoint { get; }

    public IReadOnlyCollection<ReceivedSpan> Spans => _spans.ToArray();

    /// <summary>The settings that make a process export its traces here, every trace sampled, without waiting 5 s per batch.</summary>
    public IReadOnlyDictionary<string, string> Settings => new Dictionary<string, string>
    {
        ["OTEL_EXPORTER_OTLP_ENDPOINT"] = Endpoint.ToString().TrimEnd('/'),
        ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
        ["OTEL_BSP_SCHEDULE_DELAY"] = "200",
        ["Ftgo:Telemetry:TraceSampleRatio"] = "1",
    };

    private async Task ServeAsync()
    {
        while (_listener.IsListening)
        {
            HttpListenerContext context;
            try
            {
                context = await _listener.GetContextAsync();
            }
            catch (Exception e) when (e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            try
            {
                if (context.Request.Url?.AbsolutePath == "/v1/traces")
                {
                    var request = ExportTraceServiceRequest.Parser.ParseFrom(context.Request.InputStream);
                    foreach (var resource in request.ResourceSpans)
                    {
                        var service = resource.Resource?.Attributes.FirstOrDefault(a => a.Key == "service.name")?.Value.StringValue ?? "";
                        foreach (var span in resource.ScopeSpans.SelectMany(s => s.Spans.Select(x => (Scope: s.Scope?.Name ?? "", Span: x))))
                        {
                            _spans.Enqueue(ReceivedSpan.From(service, span.Scope, span.Span));
                        }
                    }
                }
                context.Response.StatusCode = 200;
                context.Response.ContentType = "application/x-protobuf";
            }
            catch (Exception e) when (e is Google.Protobuf.InvalidProtocolBufferException or IOException)
            {
                context.Response.StatusCode = 400;
            }
            context.Response.Close();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Stop();
        _listener.Close();
        await _loop;
    }
}
