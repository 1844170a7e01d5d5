using System.Globalization;
using System.Text.Json;
using Ftgo.Migration.Catalog;
using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Applying;

/// <summary>
/// The applier's copy of one legacy row (<c>cdc_mirror</c> in each target database): the last
/// image CDC or the snapshot delivered for it, or a tombstone once deleted, with the position
/// of that change. Projections read whole aggregates from it (an order with its lines, a courier
/// with its actions), so events of different tables may arrive in any order — as they do across
/// Kafka topics — and a stale or replayed event never overwrites a newer one.
/// </summary>
internal sealed record MirrorRow(string Table, string Pk, long Agg, long? Ref, RowImage? Row, string? Origin, ChangePosition Position)
{
    public bool IsDeleted => Row is null;

    public static string KeyOf(TableSchema table, RowImage row) => table.KeyColumns.Count == 1
        ? Convert.ToString(row.Get(table.KeyColumns[0]), CultureInfo.InvariantCulture) ?? ""
        : string.Join("|", table.KeyColumns.Select(k => Convert.ToString(row.Get(k), CultureInfo.InvariantCulture)));

    [ThreadStatic]
    private static System.Text.StringBuilder? _encoder;

    /// <summary>
    /// The row as a JSON object (column → value). Written by hand because a snapshot encodes every
    /// legacy row: a serializer call per value cost more than the mirror's server-side insert.
    /// </summary>
    public static string Encode(RowImage row)
    {
        var text = _encoder ??= new System.Text.StringBuilder(512);
        text.Clear().Append('{');
        var first = true;
        foreach (var (name, value) in row)
        {
            if (!first)
            {
                text.Append(',');
            }
            first = false;
            AppendString(text, name);
            text.Append(':');
            switch (value)
            {
                case null: text.Append("null"); break;
                case long l: text.Append(l); break;
                case int i: text.Append(i); break;
                case short s: text.Append(s); break;
                case bool b: text.Append(b ? "true" : "false"); break;
                case double d: text.Append(CultureInfo.InvariantCulture, $"{d:R}"); break;
                case decimal m: text.Append(CultureInfo.InvariantCulture, $"\"{m}\""); break;
                // "s" is the same text as the custom format for whole seconds, and much cheaper (snapshots encode every row).
                case DateTime t when t.Ticks % TimeSpan.TicksPerSecond == 0: text.Append(CultureInfo.InvariantCulture, $"\"{t:s}\""); break;
                case DateTime t: text.Append(CultureInfo.InvariantCulture, $"\"{t:yyyy-MM-ddTHH:mm:ss.FFFFFFF}\""); break;
                case string v: AppendString(text, v); break;
                default: AppendString(text, Convert.ToString(value, CultureInfo.InvariantCulture) ?? ""); break;
            }
        }
        var json = text.Append('}').ToString();
        if (text.Capacity > 16 * 1024)
        {
            _encoder = null; // an exceptional row: do not keep its buffer
        }
        return json;
    }

    /// <summary>A JSON string: quotes, backslashes and control characters escaped, the rest as is (JSON text is UTF-8).</summary>
    private static void AppendString(System.Text.StringBuilder text, string value)
    {
        text.Append('"');
        var from = 0;
        for (var i = 0; i < value.Length; i++)
        {
            var c = value[i];
            if (c >= ' ' && c != '"' && c != '\\')
            {
                continue;
            }
            text.Append(value, from, i - from);
            switch (c)
            {
                case '"': text.Append("\\\""); break;
                case '\\': text.Append("\\\\"); break;
                case '\n': text.Append("\\n"); break;
                case '\r': text.Append("\\r"); break;
                case '\t': text.Append("\\t"); break;
                default: text.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture)); break;
            }
            from = i + 1;
        }
        text.Append(value, from, value.Length - from).Append('"');
    }

    public static RowImage Decode(TableSchema table, string json)
    {
        using var document = JsonDocument.Parse(json);
        var row = new RowImage();
        foreach (var p in document.RootElement.EnumerateObject())
        {
            object? raw = p.Value.ValueKind switch
            {
                JsonValueKind.Null => null,
                JsonValueKind.String => p.Value.GetString(),
                JsonValueKind.True => true,
                JsonValueKind.False => false,
                JsonValueKind.Number when p.Value.TryGetInt64(out var l) => l,
                JsonValueKind.Number => p.Value.GetDouble(),
                _ => p.Value.GetRawText(),
            };
            row.Set(p.Name, CatalogValues.Convert(table.Find(p.Name), raw));
        }
        return row;
    }
}
