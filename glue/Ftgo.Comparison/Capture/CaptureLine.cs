using System.Text.Json.Serialization;

namespace Ftgo.Comparison.Capture;

/// <summary>
/// One line of a capture file (JSON lines): a <see cref="CaptureHeader"/> (<c>"type":"header"</c>) that
/// says how the exchanges after it were compared, or a <see cref="CapturedExchange"/> (<c>"type":"exchange"</c>).
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type", UnknownDerivedTypeHandling = JsonUnknownDerivedTypeHandling.FailSerialization)]
[JsonDerivedType(typeof(CaptureHeader), "header")]
[JsonDerivedType(typeof(CapturedExchange), "exchange")]
public abstract record CaptureLine;
