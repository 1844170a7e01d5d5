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
        using var stream = new MemoryStream();
        using (var w = new Utf8JsonWriter(stream))
        {
            w.WriteStartObject();
            foreach (var (name, value) in row)
            {
                switch (value)
                {
                    case null: w.WriteNull(name); break;
                    case long l: w.WriteNumber(name, l); break;
                    case int i: w.WriteNumber(name, i); break;
                    case short s: w.WriteNumber(name, s); break;
                    case bool b: w.WriteBoolean(name, b); break;
                    case double d: w.WriteNumber(name, d); break;
                    case decimal m: w.WriteString(name, m.ToString(CultureInfo.InvariantCulture)); break;
                    case DateTime t: w.WriteString(name, t.ToString("yyyy-MM-ddTHH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture)); break;
                    default: w.WriteString(name, Convert.ToString(value, CultureInfo.InvariantCulture)); break;
                }
            }
            w.WriteEndObject();
        }
        return System.Text.Encoding.UTF8.GetString(stream.ToArray());
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
