using System.Globalization;
using System.Text.Json;

namespace Ftgo.Migration.Envelope;

/// <summary>Reading Debezium's JSON: a change event's value and key, with or without their schemas, refusing what is not a row change.</summary>
public static partial class DebeziumJson
{
    /// <summary>
    /// Reads a change event value (with or without its schema). <paramref name="key"/>, when
    /// given, names the primary-key columns. Throws <see cref="MalformedChangeEventException"/>
    /// with the reason when the bytes are not a Debezium row change.
    /// </summary>
    public static ChangeEvent DeserializeValue(ReadOnlySpan<byte> value, ReadOnlySpan<byte> key = default)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(value.ToArray());
        }
        catch (JsonException e)
        {
            throw new MalformedChangeEventException($"not JSON: {e.Message}", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new MalformedChangeEventException($"the value is a JSON {root.ValueKind}, not an object");
            }
            JsonElement? schema = null;
            var payload = root;
            if (root.TryGetProperty("payload", out var p) && root.TryGetProperty("schema", out var s))
            {
                payload = p;
                schema = s.ValueKind == JsonValueKind.Object ? s : null;
            }
            if (payload.ValueKind != JsonValueKind.Object)
            {
                throw new MalformedChangeEventException("the payload is not a JSON object");
            }
            var keyColumns = ReadKeyColumns(key);
            return ReadPayload(payload, schema, keyColumns);
        }
    }

    private static IReadOnlyList<string> ReadKeyColumns(ReadOnlySpan<byte> key)
    {
        if (key.IsEmpty)
        {
            return [];
        }
        try
        {
            using var doc = JsonDocument.Parse(key.ToArray());
            var payload = doc.RootElement;
            if (payload.ValueKind == JsonValueKind.Object && payload.TryGetProperty("payload", out var p) && payload.TryGetProperty("schema", out _))
            {
                payload = p;
            }
            return payload.ValueKind == JsonValueKind.Object ? payload.EnumerateObject().Select(o => o.Name).ToList() : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    private static ChangeEvent ReadPayload(JsonElement payload, JsonElement? schema, IReadOnlyList<string> keyColumns)
    {
        if (!payload.TryGetProperty("op", out var opElement) || opElement.ValueKind != JsonValueKind.String)
        {
            throw new MalformedChangeEventException("no 'op' field");
        }
        if (!ChangeOperations.TryParse(opElement.GetString(), out var op))
        {
            throw new MalformedChangeEventException($"unsupported op '{opElement.GetString()}' (expected c, u, d or r)");
        }
        if (!payload.TryGetProperty("source", out var sourceElement) || sourceElement.ValueKind != JsonValueKind.Object)
        {
            throw new MalformedChangeEventException("no 'source' block");
        }
        var source = ReadSource(sourceElement);

        Dictionary<string, JsonElement>? rowFields = null;
        if (schema is { } s && s.TryGetProperty("fields", out var envelopeFields) && envelopeFields.ValueKind == JsonValueKind.Array)
        {
            foreach (var field in envelopeFields.EnumerateArray())
            {
                if (field.TryGetProperty("field", out var f) && f.GetString() is "after" or "before"
                    && field.TryGetProperty("fields", out var rowColumns) && rowColumns.ValueKind == JsonValueKind.Array)
                {
                    rowFields = rowColumns.EnumerateArray()
                        .Where(c => c.TryGetProperty("field", out _))
                        .ToDictionary(c => c.GetProperty("field").GetString()!, c => c.Clone());
                    break;
                }
            }
        }

        var before = ReadRow(payload, "before", rowFields);
        var after = ReadRow(payload, "after", rowFields);
        switch (op)
        {
            case ChangeOperation.Create or ChangeOperation.Read or ChangeOperation.Update when after is null:
                throw new MalformedChangeEventException($"op '{ChangeOperations.Code(op)}' without an 'after' row");
            case ChangeOperation.Delete when before is null:
                throw new MalformedChangeEventException("op 'd' without a 'before' row");
        }
        var columns = rowFields is not null
            ? rowFields.Values.Select(ToColumnInfo).ToList()
            : (after ?? before)!.Select(p => new ColumnInfo(p.Key, Infer(p.Value), Optional: true)).ToList();
        var table = new TableSchema(source.Schema, source.Table, columns, keyColumns);
        var tsMs = payload.TryGetProperty("ts_ms", out var ts) && ts.ValueKind == JsonValueKind.Number ? ts.GetInt64() : source.TsMs;
        return new ChangeEvent(op, table, before, after, source, tsMs);
    }

    private static SourceInfo ReadSource(JsonElement s)
    {
        string Required(string name) =>
            s.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String && v.GetString() is { Length: > 0 } text
                ? text
                : throw new MalformedChangeEventException($"source.{name} is missing");
        string? Optional(string name) =>
            s.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        long? Number(string name) =>
            s.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number ? v.GetInt64() : null;

        var lsn = Number("lsn");
        long? commit = null;
        if (Optional("sequence") is { Length: > 0 } sequence)
        {
            try
            {
                using var doc = JsonDocument.Parse(sequence);
                var parts = doc.RootElement.EnumerateArray().ToArray();
                if (parts.Length == 2 && parts[0].ValueKind == JsonValueKind.String)
                {
                    commit = long.Parse(parts[0].GetString()!, CultureInfo.InvariantCulture);
                }
            }
            catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
            {
                throw new MalformedChangeEventException($"source.sequence '{sequence}' is not [\"commit\",\"lsn\"]", e);
            }
        }
        var snapshot = s.TryGetProperty("snapshot", out var snap)
            ? snap.ValueKind switch
            {
                JsonValueKind.String => snap.GetString()!,
                JsonValueKind.True => "true",
                _ => "false",
            }
            : "false";
        return new SourceInfo
        {
            VersionString = Optional("version") ?? "",
            Connector = Optional("connector") ?? "",
            Name = Optional("name") ?? "",
            Db = Optional("db") ?? "",
            Schema = Optional("schema") ?? Optional("db") ?? throw new MalformedChangeEventException("source.schema is missing"),
            Table = Required("table"),
            TxId = Number("txId"),
            Lsn = lsn,
            CommitLsn = commit,
            TsMs = Number("ts_ms") ?? 0,
            Snapshot = snapshot,
        };
    }

    private static RowImage? ReadRow(JsonElement payload, string name, Dictionary<string, JsonElement>? fields)
    {
        if (!payload.TryGetProperty(name, out var row) || row.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        if (row.ValueKind != JsonValueKind.Object)
        {
            throw new MalformedChangeEventException($"'{name}' is a JSON {row.ValueKind}, not an object");
        }
        var image = new RowImage();
        foreach (var property in row.EnumerateObject())
        {
            JsonElement? fieldSchema = fields is not null && fields.TryGetValue(property.Name, out var f) ? f : null;
            try
            {
                image.Set(property.Name, ReadValue(property.Value, fieldSchema));
            }
            catch (Exception e) when (e is FormatException or InvalidOperationException or OverflowException)
            {
                throw new MalformedChangeEventException($"{name}.{property.Name}: {e.Message}", e);
            }
        }
        return image;
    }

    private static object? ReadValue(JsonElement value, JsonElement? schema)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }
        var type = schema is { } s && s.TryGetProperty("type", out var t) ? t.GetString() : null;
        var name = schema is { } s2 && s2.TryGetProperty("name", out var n) ? n.GetString() : null;
        switch (name)
        {
            case DecimalName:
                return DecodeDecimal(value.GetBytesFromBase64(), Scale(schema!.Value));
            case VariableScaleDecimalName:
                return DecodeDecimal(value.GetProperty("value").GetBytesFromBase64(), value.GetProperty("scale").GetInt32());
            case MicroTimestampName:
                return Timestamps.FromMicros(value.GetInt64());
            case TimestampName or ConnectTimestampName:
                return Timestamps.FromMicros(value.GetInt64() * 1000);
            case NanoTimestampName:
                return Timestamps.FromMicros(value.GetInt64() / 1000);
            case ZonedTimestampName:
                return Timestamps.Parse(value.GetString()!);
            case DateName:
                return DateTime.SpecifyKind(DateTime.UnixEpoch.AddDays(value.GetInt32()), DateTimeKind.Unspecified);
        }
        return type switch
        {
            "int8" or "int16" => (short)value.GetInt32(),
            "int32" => value.GetInt32(),
            "int64" => value.GetInt64(),
            "boolean" => value.GetBoolean(),
            "float32" or "float64" or "double" or "float" => value.GetDouble(),
            "string" => value.GetString(),
            "bytes" => value.GetString(),
            _ => value.ValueKind switch
            {
                JsonValueKind.String => value.GetString(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Number when value.TryGetInt64(out var l) => l,
                JsonValueKind.Number => value.GetDecimal(),
                _ => value.GetRawText(),
            },
        };
    }

    private static int Scale(JsonElement schema) =>
        schema.TryGetProperty("parameters", out var p) && p.TryGetProperty("scale", out var scale)
            ? int.Parse(scale.ValueKind == JsonValueKind.String ? scale.GetString()! : scale.GetRawText(), CultureInfo.InvariantCulture)
            : 0;

    private static ColumnInfo ToColumnInfo(JsonElement field)
    {
        var name = field.GetProperty("field").GetString()!;
        var optional = field.TryGetProperty("optional", out var o) && o.ValueKind == JsonValueKind.True;
        var type = field.TryGetProperty("type", out var t) ? t.GetString() : null;
        var logical = field.TryGetProperty("name", out var n) ? n.GetString() : null;
        var columnType = logical switch
        {
            DecimalName or VariableScaleDecimalName => ColumnType.Decimal,
            MicroTimestampName or TimestampName or NanoTimestampName or ZonedTimestampName or DateName or ConnectTimestampName => ColumnType.Timestamp,
            _ => type switch
            {
                "int8" or "int16" => ColumnType.Int16,
                "int32" => ColumnType.Int32,
                "int64" => ColumnType.Int64,
                "boolean" => ColumnType.Boolean,
                "float32" or "float64" or "double" or "float" => ColumnType.Float64,
                _ => ColumnType.String,
            },
        };
        var precision = field.TryGetProperty("parameters", out var p) && p.TryGetProperty("connect.decimal.precision", out var pr)
            && int.TryParse(pr.ValueKind == JsonValueKind.String ? pr.GetString() : pr.GetRawText(), CultureInfo.InvariantCulture, out var digits)
            ? digits
            : 0;
        return new ColumnInfo(name, columnType, optional, columnType == ColumnType.Decimal && logical == DecimalName ? Scale(field) : 0, precision);
    }

    private static ColumnType Infer(object? value) => value switch
    {
        long => ColumnType.Int64,
        int => ColumnType.Int32,
        bool => ColumnType.Boolean,
        decimal => ColumnType.Decimal,
        double => ColumnType.Float64,
        DateTime => ColumnType.Timestamp,
        _ => ColumnType.String,
    };
}
