using System.Buffers;
using System.Globalization;
using System.Text.Json;

namespace Ftgo.Migration.Envelope;

/// <summary>Writing Debezium's JSON: the value and the key of a change, with or without their schemas.</summary>
public static partial class DebeziumJson
{
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
}
