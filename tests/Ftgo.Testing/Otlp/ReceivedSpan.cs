using Google.Protobuf;
using OpenTelemetry.Proto.Trace.V1;

namespace Ftgo.Testing.Otlp;

/// <summary>One span as a process exported it: ids in hex, the service that sent it, its attributes and links.</summary>
public sealed record ReceivedSpan(string Service, string Scope, string Name, string Kind, string TraceId, string SpanId, string? ParentSpanId,
    IReadOnlyDictionary<string, string> Attributes, IReadOnlyList<(string TraceId, string SpanId)> Links)
{
    internal static ReceivedSpan From(string service, string scope, Span span) => new(service, scope, span.Name, span.Kind.ToString(),
        Hex(span.TraceId), Hex(span.SpanId), span.ParentSpanId.IsEmpty ? null : Hex(span.ParentSpanId),
        span.Attributes.ToDictionary(a => a.Key, a => Text(a.Value), StringComparer.Ordinal),
        span.Links.Select(l => (Hex(l.TraceId), Hex(l.SpanId))).ToList());

    private static string Text(OpenTelemetry.Proto.Common.V1.AnyValue value) => value.ValueCase switch
    {
        OpenTelemetry.Proto.Common.V1.AnyValue.ValueOneofCase.StringValue => value.StringValue,
        OpenTelemetry.Proto.Common.V1.AnyValue.ValueOneofCase.BoolValue => value.BoolValue ? "true" : "false",
        OpenTelemetry.Proto.Common.V1.AnyValue.ValueOneofCase.IntValue => value.IntValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        OpenTelemetry.Proto.Common.V1.AnyValue.ValueOneofCase.DoubleValue => value.DoubleValue.ToString(System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString(),
    };

    private static string Hex(ByteString bytes) => Convert.ToHexStringLower(bytes.Span);

    public override string ToString() =>
        $"{Service} {Kind} '{Name}' trace {TraceId} span {SpanId} parent {ParentSpanId ?? "-"}"
        + (Links.Count > 0 ? $" links {string.Join(",", Links.Select(l => l.SpanId))}" : "");
}
