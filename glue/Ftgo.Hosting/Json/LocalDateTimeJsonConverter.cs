using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ftgo.Hosting.Json;

/// <summary>
/// FTGO's legacy contract uses local date-times without an offset (Java's LocalDateTime),
/// e.g. <c>"2026-11-25T14:30:00"</c>. Values are kept to whole seconds so that every store
/// (SQLite text, PostgreSQL timestamp) round-trips them identically. An input that carries an
/// offset is converted to the server's local time.
/// </summary>
public sealed class LocalDateTimeJsonConverter : JsonConverter<DateTime>
{
    public const string Format = "yyyy-MM-dd'T'HH:mm:ss";

    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        if (text is null || !DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var parsed))
        {
            throw new JsonException("Date-times must look like \"2026-11-25T14:30:00\".");
        }
        var local = parsed.Kind == DateTimeKind.Unspecified ? parsed : parsed.ToLocalTime();
        return LocalTime.Normalize(local);
    }

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToString(Format, CultureInfo.InvariantCulture));
}
