namespace Ftgo.Migration.Envelope;

/// <summary>
/// The column types the envelope carries, each with Debezium's default encoding: integers and
/// booleans as JSON numbers and booleans, <see cref="Decimal"/> as Kafka Connect's
/// <c>org.apache.kafka.connect.data.Decimal</c> (base64 of the unscaled big-endian integer),
/// <see cref="Timestamp"/> (without time zone) as <c>io.debezium.time.MicroTimestamp</c>.
/// </summary>
public enum ColumnType
{
    Int16,
    Int32,
    Int64,
    Boolean,
    Float64,
    Decimal,
    String,
    Timestamp,
}

/// <summary>One column of a table: its name, type, whether it may be null, and a decimal's scale.</summary>
public sealed record ColumnInfo(string Name, ColumnType Type, bool Optional = false, int Scale = 0, int Precision = 0);

/// <summary>
/// The shape of a captured table: its (logical) schema and name, its columns in order and its
/// primary-key columns. Debezium's schema names and the topic come from it.
/// </summary>
public sealed record TableSchema(string Schema, string Table, IReadOnlyList<ColumnInfo> Columns, IReadOnlyList<string> KeyColumns)
{
    public string QualifiedName => $"{Schema}.{Table}";

    public ColumnInfo? Find(string column)
    {
        foreach (var c in Columns)
        {
            if (c.Name == column)
            {
                return c;
            }
        }
        return null;
    }
}
