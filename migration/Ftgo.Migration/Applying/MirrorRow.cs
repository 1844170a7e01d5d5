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

    public static string KeyOf(TableSchema table, RowImage row) =>
        string.Join("|", table.KeyColumns.Select(k => Convert.ToString(row.Get(k), CultureInfo.InvariantCulture)));

    public static string Encode(RowImage row)
    {
        var text = new System.Text.StringBuilder(256).Append('{');
        var first = true;
        foreach (var (name, value) in row)
        {
            if (!first)
            {
                text.Append(',');
            }
            first = false;
            text.Append('"').Append(name).Append("\":");
            switch (value)
            {
                case null: text.Append("null"); break;
                case long l: text.Append(l.ToString(CultureInfo.InvariantCulture)); break;
                case int i: text.Append(i.ToString(CultureInfo.InvariantCulture)); break;
                case short s: text.Append(s.ToString(CultureInfo.InvariantCulture)); break;
                case bool b: text.Append(b ? "true" : "false"); break;
                case double d: text.Append(d.ToString("R", CultureInfo.InvariantCulture)); break;
                case decimal m: text.Append('"').Append(m.ToString(CultureInfo.InvariantCulture)).Append('"'); break;
                // "s" is the same text as the custom format for whole seconds, and much cheaper (snapshots encode every row).
                case DateTime t: text.Append('"').Append(t.ToString(t.Ticks % TimeSpan.TicksPerSecond == 0 ? "s" : "yyyy-MM-ddTHH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)).Append('"'); break;
                default: text.Append(JsonSerializer.Serialize(Convert.ToString(value, CultureInfo.InvariantCulture))); break;
            }
        }
        return text.Append('}').ToString();
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
