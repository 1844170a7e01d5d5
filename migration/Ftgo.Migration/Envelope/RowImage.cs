using System.Collections;
using System.Globalization;

namespace Ftgo.Migration.Envelope;

/// <summary>
/// One row as a change event carries it (<c>before</c> or <c>after</c>): column names in table
/// order with CLR values (<see cref="long"/>, <see cref="int"/>, <see cref="bool"/>,
/// <see cref="decimal"/>, <see cref="string"/>, <see cref="DateTime"/>, <see cref="double"/>).
/// The typed getters also accept the looser forms other producers send (a decimal as a string,
/// a timestamp as epoch microseconds), so a row from real Debezium reads the same.
/// </summary>
public sealed class RowImage : IReadOnlyDictionary<string, object?>
{
    // The column names live in a shape shared by every row built with the same columns in the same
    // order (a snapshot reads many rows of one table): a row holds only its values.
    private RowShape _shape = RowShape.Empty;
    private object?[] _values;

    public RowImage()
    {
        _values = [];
    }

    /// <summary>An empty row sized for <paramref name="columns"/> values (a snapshot reads many rows of known width).</summary>
    public RowImage(int columns)
    {
        _values = new object?[columns];
    }

    public RowImage(IEnumerable<KeyValuePair<string, object?>> values)
    {
        _values = [];
        foreach (var (k, v) in values)
        {
            Set(k, v);
        }
    }

    public RowImage Set(string column, object? value)
    {
        var i = _shape.IndexOf(column);
        if (i >= 0)
        {
            _values[i] = value;
            return this;
        }
        var count = _shape.Count;
        if (count == _values.Length)
        {
            Array.Resize(ref _values, Math.Max(8, count * 2));
        }
        _values[count] = value;
        _shape = _shape.With(column);
        return this;
    }

    public object? this[string key] => _shape.IndexOf(key) is var i and >= 0 ? _values[i] : throw new KeyNotFoundException($"No column '{key}' in the row.");
    public IEnumerable<string> Keys => _shape.Names;
    public IEnumerable<object?> Values => _values.Take(_shape.Count);
    public int Count => _shape.Count;
    public bool ContainsKey(string key) => _shape.IndexOf(key) >= 0;

    public bool TryGetValue(string key, out object? value)
    {
        var i = _shape.IndexOf(key);
        value = i >= 0 ? _values[i] : null;
        return i >= 0;
    }

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        var (shape, values) = (_shape, _values);
        for (var i = 0; i < shape.Count; i++)
        {
            yield return new(shape.Names[i], values[i]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public object? Get(string column) => _shape.IndexOf(column) is var i and >= 0 ? _values[i] : null;

    public bool IsNull(string column) => Get(column) is null;

    public long GetInt64(string column) => GetNullableInt64(column)
        ?? throw new FormatException($"Column '{column}' is null or missing; a number was expected.");

    public long? GetNullableInt64(string column) => Get(column) switch
    {
        null => null,
        long l => l,
        int i => i,
        short s => s,
        decimal d => (long)d,
        double d => (long)d,
        bool b => b ? 1 : 0,
        string s => long.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture),
        var other => throw Unexpected(column, other, "an integer"),
    };

    public int GetInt32(string column) => checked((int)GetInt64(column));

    public bool GetBoolean(string column) => Get(column) switch
    {
        bool b => b,
        long l => l != 0,
        int i => i != 0,
        string s => s is "t" or "true" or "True" or "1",
        null => throw new FormatException($"Column '{column}' is null or missing; a boolean was expected."),
        var other => throw Unexpected(column, other, "a boolean"),
    };

    public string GetString(string column) => GetNullableString(column)
        ?? throw new FormatException($"Column '{column}' is null or missing; a string was expected.");

    public string? GetNullableString(string column) => Get(column) switch
    {
        null => null,
        string s => s,
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        var other => other.ToString(),
    };

    public decimal GetDecimal(string column) => GetNullableDecimal(column)
        ?? throw new FormatException($"Column '{column}' is null or missing; a decimal was expected.");

    public decimal? GetNullableDecimal(string column) => Get(column) switch
    {
        null => null,
        decimal d => d,
        long l => l,
        int i => i,
        double d => (decimal)d,
        string s => decimal.Parse(s, NumberStyles.Number | NumberStyles.AllowExponent, CultureInfo.InvariantCulture),
        var other => throw Unexpected(column, other, "a decimal"),
    };

    public DateTime GetDateTime(string column) => GetNullableDateTime(column)
        ?? throw new FormatException($"Column '{column}' is null or missing; a date-time was expected.");

    /// <summary>
    /// A local date-time without offset. A number is read as epoch microseconds (Debezium's
    /// default <c>MicroTimestamp</c> for <c>timestamp without time zone</c>).
    /// </summary>
    public DateTime? GetNullableDateTime(string column) => Get(column) switch
    {
        null => null,
        DateTime t => DateTime.SpecifyKind(t, DateTimeKind.Unspecified),
        DateTimeOffset o => DateTime.SpecifyKind(o.DateTime, DateTimeKind.Unspecified),
        long micros => Timestamps.FromMicros(micros),
        string s => Timestamps.Parse(s),
        var other => throw Unexpected(column, other, "a date-time"),
    };

    private static FormatException Unexpected(string column, object value, string expected) =>
        new($"Column '{column}' holds {value.GetType().Name} '{value}'; {expected} was expected.");

    public override string ToString() =>
        "{" + string.Join(", ", this.Select(p => $"{p.Key}={p.Value ?? "null"}")) + "}";
}

/// <summary>Local date-times and the epoch encodings Debezium uses for them.</summary>
public static class Timestamps
{
    public static long ToMicros(DateTime value) =>
        (DateTime.SpecifyKind(value, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks / (TimeSpan.TicksPerMillisecond / 1000);

    public static DateTime FromMicros(long micros) =>
        DateTime.SpecifyKind(DateTime.UnixEpoch.AddTicks(micros * (TimeSpan.TicksPerMillisecond / 1000)), DateTimeKind.Unspecified);

    /// <summary>Reads the text forms of PostgreSQL (<c>2026-12-01 19:00:00</c>), SQLite/EF Core and ISO 8601.</summary>
    public static DateTime Parse(string text)
    {
        if (text.EndsWith('Z') || HasOffset(text))
        {
            return DateTime.SpecifyKind(DateTimeOffset.Parse(text, CultureInfo.InvariantCulture).UtcDateTime, DateTimeKind.Unspecified);
        }
        return DateTime.SpecifyKind(DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AllowWhiteSpaces), DateTimeKind.Unspecified);
    }

    private static bool HasOffset(string text) =>
        text.Length > 19 && (text[^6] is '+' or '-') && text[^3] == ':';
}
