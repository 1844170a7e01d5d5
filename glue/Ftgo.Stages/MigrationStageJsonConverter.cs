using System.Text.Json;
using System.Text.Json.Serialization;

namespace Ftgo.Stages;

/// <summary>A stage in JSON as its wire name (<c>dualwrite</c>), read case-insensitively; anything else is refused.</summary>
public sealed class MigrationStageJsonConverter : JsonConverter<MigrationStage>
{
    public override MigrationStage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        var text = reader.TokenType == JsonTokenType.String ? reader.GetString() : null;
        return MigrationStages.TryParse(text, out var stage)
            ? stage
            : throw new JsonException($"'{text}' is not a stage; use one of {string.Join(", ", MigrationStages.All.Select(s => s.ToWire()))}.");
    }

    public override void Write(Utf8JsonWriter writer, MigrationStage value, JsonSerializerOptions options) =>
        writer.WriteStringValue(value.ToWire());
}
