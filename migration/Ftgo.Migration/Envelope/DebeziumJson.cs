using System.Buffers;
using System.Globalization;
using System.Numerics;
using System.Text;
using System.Text.Json;

namespace Ftgo.Migration.Envelope;

/// <summary>
/// Debezium's JSON, as Kafka Connect's <c>JsonConverter</c> writes it with schemas enabled:
/// <c>{"schema": …, "payload": {"before", "after", "source", "op", "ts_ms"}}</c> for the value,
/// <c>{"schema": …, "payload": {key columns}}</c> for the key. Reading also accepts a bare
/// payload (<c>schemas.enable=false</c>); values are then decoded from their JSON form alone.
/// </summary>
public static class DebeziumJson
{
    private const string DecimalName = "org.apache.kafka.connect.data.Decimal";
    private const string VariableScaleDecimalName = "io.debezium.data.VariableScaleDecimal";
    private const string MicroTimestampName = "io.debezium.time.MicroTimestamp";
    private const string TimestampName = "io.debezium.time.Timestamp";
    private const string NanoTimestampName = "io.debezium.time.NanoTimestamp";
    private const string ZonedTimestampName = "io.debezium.time.ZonedTimestamp";
    private const string DateName = "io.debezium.time.Date";
    private const string ConnectTimestampName = "org.apache.kafka.connect.data.Timestamp";

    // ---------------------------------------------------------------- writing

    /// <summary>
    /// The value. <paramref name="includeSchema"/> false writes the bare payload, as Kafka Connect's
    /// JsonConverter with <c>schemas.enable=false</c> does (a tenth of the size).
    /// </summary>
    public static byte[] SerializeValue(ChangeEvent change, string prefix, bool includeSchema = true)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var w = new Utf8JsonWriter(buffer))
        {
            if (!includeSchema)
            {
                WritePayload(w, change, decimalsAsText: true);
                w.Flush();
                return buffer.WrittenSpan.ToArray();
            }
            var baseName = $"{prefix}.{change.Table.Schema}.{change.Table.Table}";
            w.WriteStartObject();
            w.WritePropertyName("schema");
            w.WriteStartObject();
            w.WriteString("type", "struct");
            w.WriteStartArray("fields");
            WriteRowSchema(w, change.Table, change.Table.Columns, $"{baseName}.Value", "before");
            WriteRowSchema(w, change.Table, change.Table.Columns, $"{baseName}.Value", "after");
            WriteSourceSchema(w, change.Source.Connector);
            WriteField(w, "string", false, "op");
            WriteField(w, "int64", true, "ts_ms");
            w.WriteEndArray();
            w.WriteBoolean("optional", false);
            w.WriteString("name", $"{baseName}.Envelope");
            w.WriteNumber("version", 2);
            w.WriteEndObject();

            w.WritePropertyName("payload");
            WritePayload(w, change);
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Without a schema a base64 decimal cannot be read back (its scale is in the schema), so the
    /// bare form writes decimals as text — Debezium's <c>decimal.handling.mode=string</c>.
    /// </summary>
    private static void WritePayload(Utf8JsonWriter w, ChangeEvent change, bool decimalsAsText = false)
    {
        w.WriteStartObject();
        w.WritePropertyName("before");
        WriteRow(w, change.Table, change.Before, decimalsAsText);
        w.WritePropertyName("after");
        WriteRow(w, change.Table, change.After, decimalsAsText);
        w.WritePropertyName("source");
        WriteSource(w, change.Source);
        w.WriteString("op", ChangeOperations.Code(change.Op));
        w.WriteNumber("ts_ms", change.TsMs);
        w.WriteEndObject();
    }

    public static byte[] SerializeKey(ChangeEvent change, string prefix, bool includeSchema = true)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var w = new Utf8JsonWriter(buffer))
        {
            if (!includeSchema)
            {
                WriteRow(w, change.Table, change.Key());
                w.Flush();
                return buffer.WrittenSpan.ToArray();
            }
            var keyColumns = change.Table.KeyColumns.Select(k => change.Table.Find(k) ?? new ColumnInfo(k, ColumnType.Int64)).ToList();
            w.WriteStartObject();
            w.WritePropertyName("schema");
            w.WriteStartObject();
            w.WriteString("type", "struct");
            w.WriteStartArray("fields");
            foreach (var column in keyColumns)
            {
                WriteColumnSchema(w, column with { Optional = false });
            }
            w.WriteEndArray();
            w.WriteBoolean("optional", false);
            w.WriteString("name", $"{prefix}.{change.Table.Schema}.{change.Table.Table}.Key");
            w.WriteEndObject();
            w.WritePropertyName("payload");
            WriteRow(w, change.Table, change.Key());
            w.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteRowSchema(Utf8JsonWriter w, TableSchema table, IReadOnlyList<ColumnInfo> columns, string name, string field)
    {
        w.WriteStartObject();
        w.WriteString("type", "struct");
        w.WriteStartArray("fields");
        foreach (var column in columns)
        {
            WriteColumnSchema(w, column);
        }
        w.WriteEndArray();
        w.WriteBoolean("optional", true);
        w.WriteString("name", name);
        w.WriteString("field", field);
        w.WriteEndObject();
    }

    private static void WriteColumnSchema(Utf8JsonWriter w, ColumnInfo column)
    {
        w.WriteStartObject();
        w.WriteString("type", column.Type switch
        {
            ColumnType.Int16 => "int16",
            ColumnType.Int32 => "int32",
            ColumnType.Int64 or ColumnType.Timestamp => "int64",
            ColumnType.Boolean => "boolean",
            ColumnType.Float64 => "double",
            ColumnType.Decimal => "bytes",
            _ => "string",
        });
        w.WriteBoolean("optional", column.Optional);
        if (column.Type == ColumnType.Decimal)
        {
            w.WriteString("name", DecimalName);
            w.WriteNumber("version", 1);
            w.WriteStartObject("parameters");
            w.WriteString("scale", column.Scale.ToString(CultureInfo.InvariantCulture));
            if (column.Precision > 0)
            {
                w.WriteString("connect.decimal.precision", column.Precision.ToString(CultureInfo.InvariantCulture));
            }
            w.WriteEndObject();
        }
        else if (column.Type == ColumnType.Timestamp)
        {
            w.WriteString("name", MicroTimestampName);
            w.WriteNumber("version", 1);
        }
        w.WriteString("field", column.Name);
        w.WriteEndObject();
    }

    private static void WriteField(Utf8JsonWriter w, string type, bool optional, string field)
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WriteBoolean("optional", optional);
        w.WriteString("field", field);
        w.WriteEndObject();
    }

    private static void WriteSourceSchema(Utf8JsonWriter w, string connector)
    {
        w.WriteStartObject();
        w.WriteString("type", "struct");
        w.WriteStartArray("fields");
        WriteField(w, "string", false, "version");
        WriteField(w, "string", false, "connector");
        WriteField(w, "string", false, "name");
        WriteField(w, "int64", false, "ts_ms");
        w.WriteStartObject();
        w.WriteString("type", "string");
        w.WriteBoolean("optional", true);
        w.WriteString("name", "io.debezium.data.Enum");
        w.WriteNumber("version", 1);
        w.WriteStartObject("parameters");
        w.WriteString("allowed", "true,last,false,incremental");
        w.WriteEndObject();
        w.WriteString("default", "false");
        w.WriteString("field", "snapshot");
        w.WriteEndObject();
        WriteField(w, "string", false, "db");
        WriteField(w, "string", true, "sequence");
        WriteField(w, "string", false, "schema");
        WriteField(w, "string", false, "table");
        WriteField(w, "int64", true, "txId");
        WriteField(w, "int64", true, "lsn");
        WriteField(w, "int64", true, "xmin");
        w.WriteEndArray();
        w.WriteBoolean("optional", false);
        w.WriteString("name", $"io.debezium.connector.{connector}.Source");
        w.WriteString("field", "source");
        w.WriteEndObject();
    }

    private static void WriteSource(Utf8JsonWriter w, SourceInfo s)
    {
        w.WriteStartObject();
        w.WriteString("version", s.VersionString);
        w.WriteString("connector", s.Connector);
        w.WriteString("name", s.Name);
        w.WriteNumber("ts_ms", s.TsMs);
        w.WriteString("snapshot", s.Snapshot);
        w.WriteString("db", s.Db);
        if (s.Lsn is { } lsn)
        {
            w.WriteString("sequence", $"[\"{(s.CommitLsn ?? lsn).ToString(CultureInfo.InvariantCulture)}\",\"{lsn.ToString(CultureInfo.InvariantCulture)}\"]");
        }
        else
        {
            w.WriteNull("sequence");
        }
        w.WriteString("schema", s.Schema);
        w.WriteString("table", s.Table);
        WriteNullable(w, "txId", s.TxId);
        WriteNullable(w, "lsn", s.Lsn);
        w.WriteNull("xmin");
        w.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter w, string name, long? value)
    {
        if (value is { } v)
        {
            w.WriteNumber(name, v);
        }
        else
        {
            w.WriteNull(name);
        }
    }

    private static void WriteRow(Utf8JsonWriter w, TableSchema table, RowImage? row, bool decimalsAsText = false)
    {
        if (row is null)
        {
            w.WriteNullValue();
            return;
        }
        w.WriteStartObject();
        foreach (var (name, value) in row)
        {
            w.WritePropertyName(name);
            WriteValue(w, table.Find(name), value, decimalsAsText);
        }
        w.WriteEndObject();
    }

    private static void WriteValue(Utf8JsonWriter w, ColumnInfo? column, object? value, bool decimalsAsText)
    {
        if (value is null)
        {
            w.WriteNullValue();
            return;
        }
        switch (column?.Type)
        {
            case ColumnType.Decimal when decimalsAsText:
                var number = Convert.ToDecimal(value, CultureInfo.InvariantCulture);
                w.WriteStringValue(column.Scale > 0
                    ? number.ToString("F" + column.Scale.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture)
                    : number.ToString(CultureInfo.InvariantCulture));
                return;
            case ColumnType.Decimal:
                w.WriteBase64StringValue(EncodeDecimal(Convert.ToDecimal(value, CultureInfo.InvariantCulture), column.Scale));
                return;
            case ColumnType.Timestamp:
                w.WriteNumberValue(Timestamps.ToMicros(value is DateTime t ? t : Timestamps.Parse(Convert.ToString(value, CultureInfo.InvariantCulture)!)));
                return;
        }
        switch (value)
        {
            case long l: w.WriteNumberValue(l); break;
            case int i: w.WriteNumberValue(i); break;
            case short s: w.WriteNumberValue(s); break;
            case bool b: w.WriteBooleanValue(b); break;
            case double d: w.WriteNumberValue(d); break;
            case decimal m: w.WriteNumberValue(m); break;
            case DateTime t: w.WriteNumberValue(Timestamps.ToMicros(t)); break;
            default: w.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    public static byte[] EncodeDecimal(decimal value, int scale)
    {
        var unscaled = new BigInteger(decimal.Round(value, scale, MidpointRounding.AwayFromZero) * Pow10(scale));
        return unscaled.ToByteArray(isUnsigned: false, isBigEndian: true);
    }

    public static decimal DecodeDecimal(ReadOnlySpan<byte> bytes, int scale) =>
        (decimal)new BigInteger(bytes, isUnsigned: false, isBigEndian: true) / Pow10(scale);

    private static decimal Pow10(int scale)
    {
        var p = 1m;
        for (var i = 0; i < scale; i++)
        {
            p *= 10;
        }
        return p;
    }

    // ---------------------------------------------------------------- reading

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

    /// <summary>The UTF-8 text of a serialized event, for logs and dead letters.</summary>
    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
