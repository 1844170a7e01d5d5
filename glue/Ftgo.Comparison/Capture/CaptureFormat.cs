using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ftgo.Comparison.Capture;

/// <summary>
/// The capture file: UTF-8 JSON lines, camelCase; a <see cref="CaptureHeader"/> first, then
/// <see cref="CapturedExchange"/> lines (and a new header whenever the rules change).
/// </summary>
public static class CaptureFormat
{
    /// <summary>The format written in every header.</summary>
    public const string Version = "ftgo-capture/1";

    /// <summary>What a redacted value reads.</summary>
    public const string Redacted = "[redacted]";

    /// <summary>The serializer settings of capture lines (one line each, nulls left out).</summary>
    public static JsonSerializerOptions Json { get; } = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // A line edited by hand may put "type" anywhere.
        AllowOutOfOrderMetadataProperties = true,
        RespectRequiredConstructorParameters = true,
    };

    /// <summary>One line as JSON, without a line break.</summary>
    public static string Write(CaptureLine line) => JsonSerializer.Serialize(line, Json);

    /// <summary>Reads one line; throws <see cref="FormatException"/> saying what is wrong with it.</summary>
    public static CaptureLine Read(string line)
    {
        try
        {
            return JsonSerializer.Deserialize<CaptureLine>(line, Json)
                   ?? throw new FormatException("the line is null, not a capture record");
        }
        catch (JsonException e)
        {
            throw new FormatException(e.Message.Split(" Path:", 2)[0].TrimEnd('.'), e);
        }
        catch (NotSupportedException e)
        {
            // What System.Text.Json says of a line without a known "type".
            throw new FormatException($"not a capture record (\"type\" must be \"header\" or \"exchange\"): {e.Message}", e);
        }
    }
}
