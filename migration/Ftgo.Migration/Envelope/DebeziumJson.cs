using System.Numerics;
using System.Text;

namespace Ftgo.Migration.Envelope;

/// <summary>
/// Debezium's JSON, as Kafka Connect's <c>JsonConverter</c> writes it with schemas enabled:
/// <c>{"schema": …, "payload": {"before", "after", "source", "op", "ts_ms"}}</c> for the value,
/// <c>{"schema": …, "payload": {key columns}}</c> for the key. Reading also accepts a bare
/// payload (<c>schemas.enable=false</c>); values are then decoded from their JSON form alone.
/// </summary>
public static partial class DebeziumJson
{
    private const string DecimalName = "org.apache.kafka.connect.data.Decimal";
    private const string VariableScaleDecimalName = "io.debezium.data.VariableScaleDecimal";
    private const string MicroTimestampName = "io.debezium.time.MicroTimestamp";
    private const string TimestampName = "io.debezium.time.Timestamp";
    private const string NanoTimestampName = "io.debezium.time.NanoTimestamp";
    private const string ZonedTimestampName = "io.debezium.time.ZonedTimestamp";
    private const string DateName = "io.debezium.time.Date";
    private const string ConnectTimestampName = "org.apache.kafka.connect.data.Timestamp";

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

    /// <summary>The UTF-8 text of a serialized event, for logs and dead letters.</summary>
    public static string Text(ReadOnlySpan<byte> bytes) => Encoding.UTF8.GetString(bytes);
}
