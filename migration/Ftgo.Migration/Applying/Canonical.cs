using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Ftgo.Migration.Catalog;
using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Applying;

/// <summary>
/// One text form per value whatever the engine returned (SQLite: TEXT dates and decimals, 0/1
/// booleans), so rows read back compare equal to the ACL's rows, and checksums match across
/// engines.
/// </summary>
internal static class Canonical
{
    public static string Value(ColumnInfo column, object? value)
    {
        var v = CatalogValues.Convert(column, value);
        return v switch
        {
            null => "\u2205",
            DateTime t => t.ToString("yyyy-MM-ddTHH:mm:ss.fffffff", CultureInfo.InvariantCulture),
            decimal d => d.ToString("0.00########", CultureInfo.InvariantCulture),
            bool b => b ? "true" : "false",
            IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
            _ => v.ToString()!,
        };
    }

    public static string Row(IReadOnlyList<ColumnInfo> columns, object?[] row)
    {
        var text = new StringBuilder();
        for (var i = 0; i < columns.Count; i++)
        {
            text.Append(i == 0 ? "" : "\u001f").Append(Value(columns[i], row[i]));
        }
        return text.ToString();
    }

    public static string Checksum(IEnumerable<string> rows) =>
        Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\u001e", rows))))[..16];
}
