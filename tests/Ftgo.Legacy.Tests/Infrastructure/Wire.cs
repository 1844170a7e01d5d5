using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Ftgo.Legacy.Tests.Infrastructure;

/// <summary>The legacy wire forms: local date-times <c>yyyy-MM-ddTHH:mm:ss</c>, money strings, integer ids, exact shapes.</summary>
public static partial class Wire
{
    public static string Format(DateTime time) => time.ToString("yyyy-MM-dd'T'HH:mm:ss", CultureInfo.InvariantCulture);

    /// <summary>The server's local "now" plus <paramref name="ahead"/>, to whole seconds.</summary>
    public static DateTime LocalNowPlus(TimeSpan ahead)
    {
        var t = DateTime.Now + ahead;
        return new DateTime(t.Year, t.Month, t.Day, t.Hour, t.Minute, t.Second, DateTimeKind.Unspecified);
    }

    public static long Id(JsonElement value)
    {
        Assert.Equal(JsonValueKind.Number, value.ValueKind);
        Assert.True(value.TryGetInt64(out var id) && id > 0, $"Expected a positive integer id, got {value}");
        return id;
    }

    public static void AssertLocalDateTime(string expected, JsonElement value)
    {
        Assert.Equal(JsonValueKind.String, value.ValueKind);
        Assert.Matches(LocalDateTime(), value.GetString()!);
        Assert.Equal(expected, value.GetString());
    }

    public static void AssertMoney(string expected, JsonElement value)
    {
        Assert.Equal(JsonValueKind.String, value.ValueKind);
        Assert.Matches(Money(), value.GetString()!);
        Assert.Equal(expected, value.GetString());
    }

    /// <summary>The object has exactly these properties (in any order).</summary>
    public static void AssertShape(JsonElement value, params string[] properties)
    {
        Assert.Equal(JsonValueKind.Object, value.ValueKind);
        Assert.Equal(properties.Order(StringComparer.Ordinal), value.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [GeneratedRegex(@"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$")]
    private static partial Regex LocalDateTime();

    [GeneratedRegex(@"^-?\d+\.\d{2}$")]
    private static partial Regex Money();
}
