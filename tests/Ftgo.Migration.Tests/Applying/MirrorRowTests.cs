using System.Text.Json;
using Ftgo.Migration.Applying;
using Ftgo.Migration.Catalog;
using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Tests.Applying;

/// <summary>
/// The mirror's JSON image of a legacy row: written by hand (the backfill encodes every row), it
/// must read back the same, and images written before (by the JSON serializer, non-ASCII
/// escaped) must still read.
/// </summary>
public sealed class MirrorRowTests
{
    [Theory]
    [InlineData("plain")]
    [InlineData("quote \" and backslash \\ and slash /")]
    [InlineData("new\nline, tab\t, return\r, bell\u0007, nul\u0000")]
    [InlineData("Zürich — ✓ 🍜")]
    [InlineData("")]
    public void Encode_ThenDecode_GivesTheSameRow(string text)
    {
        var row = new RowImage()
            .Set("id", 42L).Set("version", 3).Set("order_state", text).Set("consumer_id", 7L).Set("restaurant_id", 1L)
            .Set("payment_token", null).Set("order_minimum", 12.50m).Set("delivery_time", new DateTime(2030, 1, 2, 3, 4, 5))
            .Set("ready_by", new DateTime(2030, 1, 2, 3, 4, 5).AddTicks(1234567)).Set("city", text).Set("origin", "legacy");

        var json = MirrorRow.Encode(row);
        var decoded = MirrorRow.Decode(LegacyCatalog.Orders, json);

        Assert.Equal(row.Keys, decoded.Keys);
        Assert.Equal(row.Values, decoded.Values);
        using var parsed = JsonDocument.Parse(json); // standard JSON, whatever reads it
        Assert.Equal(text, parsed.RootElement.GetProperty("city").GetString());
    }

    [Fact]
    public void Decode_AnImageOfThePreviousEncoder_StillReads()
    {
        // As JsonSerializer wrote strings before: non-ASCII and HTML-sensitive characters escaped.
        const string previous = """{"id":7,"order_id":3,"menu_item_id":"1","name":"Caf\u00E9 \u0022Z\u00FCrich\u0022 \u0026 \u003Cco\u003E","price":"12.34","quantity":2,"origin":null}""";

        var row = MirrorRow.Decode(LegacyCatalog.OrderLineItems, previous);

        Assert.Equal("Café \"Zürich\" & <co>", row["name"]);
        Assert.Equal(12.34m, row["price"]);
        Assert.Equal(2, row["quantity"]);
        Assert.Equal(3L, row["order_id"]);
        Assert.Null(row["origin"]);
        Assert.Equal(row.Values, MirrorRow.Decode(LegacyCatalog.OrderLineItems, MirrorRow.Encode(row)).Values);
    }
}
