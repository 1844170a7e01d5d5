using System.Text;
using Ftgo.Migration.Applying;
using Ftgo.Migration.Catalog;
using Ftgo.Migration.Cdc;
using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Tests.Applying;

/// <summary>
/// A dead letter keeps the text its source read, as it was; only a change read without text of its
/// own (pgoutput's binary protocol) is written out, as Debezium JSON.
/// </summary>
public sealed class DeadLetterPayloadTests
{
    private static readonly ChangeEvent Change = new(ChangeOperation.Create, LegacyCatalog.Restaurants, null,
        new RowImage().Set("id", 3L).Set("name", "Ajanta"), new SourceInfo
        {
            Connector = "postgresql", Name = "legacy", Db = "ftgo", Schema = "ftgo", Table = "restaurants", Lsn = 7, CommitLsn = 7, TsMs = 1,
        }, 1);

    [Fact]
    public void OfAKafkaMessage_IsItsValue_AsItWasRead()
    {
        const string value = "{ \"payload\" : {\"op\":\"c\", \"after\": {\"id\": 3, \"name\": \"Ajanta\"}} }";
        var record = new SourceRecord("kafka:legacy.ftgo.restaurants:0", 12, Change) { RawUtf8 = Encoding.UTF8.GetBytes(value) };

        var letter = DeadLetter.Of(record, "unknown table");

        Assert.Equal(("kafka:legacy.ftgo.restaurants:0", 12L, "unknown table", value), (letter.Stream, letter.Position, letter.Reason, letter.Payload));
    }

    [Fact]
    public void OfAnUnreadableRecord_IsItsRawText()
    {
        var letter = DeadLetter.Of(SourceRecord.Malformed("sqlite:ftgo_cdc_changes", 4, "{broken", "change-table row 4"), "change-table row 4");

        Assert.Equal("{broken", letter.Payload);
    }

    [Fact]
    public void OfAChangeReadWithoutText_IsTheChangeAsDebeziumJson()
    {
        var letter = DeadLetter.Of(new SourceRecord("pgoutput:ftgo_cdc", 7, Change), "restaurants: bad row");

        Assert.Equal(Encoding.UTF8.GetString(DebeziumJson.SerializeValue(Change, "legacy")), letter.Payload);
    }
}
