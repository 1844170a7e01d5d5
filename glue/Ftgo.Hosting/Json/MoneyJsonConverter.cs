using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ftgo.Hosting.Json;

/// <summary>
/// FTGO's legacy contract carries money as a string with two decimals (<c>"61.70"</c>).
/// Reading also accepts a JSON number, as FTGO's Jackson mapping did.
/// </summary>
public sealed class MoneyJsonConverter : JsonConverter<decimal>
{
    public override decimal Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.GetDecimal();
        }
        if (reader.TokenType == JsonTokenType.String
            && decimal.TryParse(reader.GetString(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            return value;
        }
        throw new JsonException("Money must be a decimal string such as \"12.50\".");
    }

    public override void Write(Utf8JsonWriter writer, decimal value, JsonSerializerOptions options) =>
        writer.WriteStringValue(Format(value));

    public static string Format(decimal value) => value.ToString("0.00", CultureInfo.InvariantCulture);
}
