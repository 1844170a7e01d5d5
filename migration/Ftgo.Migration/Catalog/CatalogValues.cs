using System.Globalization;
using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Catalog;

/// <summary>
/// Turns values as an engine stores them into the envelope's CLR values by the catalog's column
/// type: SQLite keeps decimals and date-times as TEXT (EF Core's formats) and booleans as 0/1.
/// </summary>
public static class CatalogValues
{
    public static object? Convert(ColumnInfo? column, object? value)
    {
        if (value is null or DBNull)
        {
            return null;
        }
        // A value that already has its type is returned as it is, not boxed again (a snapshot converts every value it reads).
        switch (column?.Type, value)
        {
            case (ColumnType.Int64, long):
            case (ColumnType.Int32, int):
            case (ColumnType.Int16, short):
            case (ColumnType.Decimal, decimal):
            case (ColumnType.Boolean, bool):
            case (ColumnType.Float64, double):
            case (ColumnType.String, string):
            case (ColumnType.Timestamp, DateTime { Kind: DateTimeKind.Unspecified }):
                return value;
        }
        return column?.Type switch
        {
            ColumnType.Decimal => value switch
            {
                decimal d => d,
                string s => decimal.Parse(s, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture),
                _ => System.Convert.ToDecimal(value, CultureInfo.InvariantCulture),
            },
            ColumnType.Timestamp => value switch
            {
                DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Unspecified),
                string s => Timestamps.Parse(s),
                long micros => Timestamps.FromMicros(micros),
                _ => throw new FormatException($"{column.Name}: '{value}' is not a date-time."),
            },
            ColumnType.Boolean => value switch
            {
                bool b => b,
                string s => s is "1" or "t" or "true",
                _ => System.Convert.ToInt64(value, CultureInfo.InvariantCulture) != 0,
            },
            ColumnType.Int16 => System.Convert.ToInt16(value, CultureInfo.InvariantCulture),
            ColumnType.Int32 => System.Convert.ToInt32(value, CultureInfo.InvariantCulture),
            ColumnType.Int64 => System.Convert.ToInt64(value, CultureInfo.InvariantCulture),
            ColumnType.Float64 => System.Convert.ToDouble(value, CultureInfo.InvariantCulture),
            ColumnType.String => value as string ?? System.Convert.ToString(value, CultureInfo.InvariantCulture),
            _ => value,
        };
    }
}
