using System.Text.Json;
using System.Text.Json.Nodes;
using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Tests.Envelope;

/// <summary>
/// The envelope against Debezium's own format: a PostgreSQL-connector update event of
/// <c>ftgo.orders</c> (schemas enabled, <c>decimal.handling.mode=precise</c>, adaptive time
/// precision, REPLICA IDENTITY FULL) and a schemaless delete, written from Debezium's documented
/// event structure.
/// </summary>
public sealed class DebeziumJsonTests
{
    private static byte[] Sample(string name) => File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "Envelope", "Samples", name));

    [Fact]
    public void Deserialize_DebeziumUpdateWithSchema_ReadsTypedBeforeAfterAndSource()
    {
        var change = DebeziumJson.DeserializeValue(
            Sample("debezium-postgres-orders-update.value.json"), Sample("debezium-postgres-orders-update.key.json"));

        Assert.Equal(ChangeOperation.Update, change.Op);
        Assert.Equal("ftgo", change.Source.Schema);
        Assert.Equal("orders", change.Source.Table);
        Assert.Equal("postgresql", change.Source.Connector);
        Assert.Equal(771, change.Source.TxId);
        Assert.Equal(new ChangePosition(24023128, 24023240), change.Position);
        Assert.Equal(["id"], change.Table.KeyColumns);
        Assert.Equal(1795610096998, change.TsMs);

        Assert.Equal("APPROVED", change.Before!.GetString("order_state"));
        Assert.Equal("ACCEPTED", change.After!.GetString("order_state"));
        Assert.Equal(10.00m, change.After.GetDecimal("order_minimum"));
        Assert.Equal(new DateTime(2026, 12, 1, 19, 0, 0), change.After.GetDateTime("delivery_time"));
        Assert.Equal(new DateTime(2030, 1, 1, 12, 0, 0), change.After.GetDateTime("ready_by"));
        Assert.Null(change.Before.GetNullableDateTime("ready_by"));
        Assert.Equal(11L, change.After.GetNullableInt64("assigned_courier_id"));
        Assert.Equal(ColumnType.Decimal, change.Table.Find("order_minimum")!.Type);
        Assert.Equal(2, change.Table.Find("order_minimum")!.Scale);
        Assert.Equal(ColumnType.Timestamp, change.Table.Find("accept_time")!.Type);
        Assert.Equal(42L, change.Key().GetInt64("id"));
    }

    [Fact]
    public void Serialize_DebeziumSample_WritesTheSamePayloadRowsAndRowSchema()
    {
        var sample = Sample("debezium-postgres-orders-update.value.json");
        var change = DebeziumJson.DeserializeValue(sample, Sample("debezium-postgres-orders-update.key.json"));

        var ours = JsonNode.Parse(DebeziumJson.SerializeValue(change, "legacy"))!;
        var theirs = JsonNode.Parse(sample)!;

        Assert.True(JsonNode.DeepEquals(theirs["payload"]!["after"], ours["payload"]!["after"]), ours["payload"]!["after"]!.ToJsonString());
        Assert.True(JsonNode.DeepEquals(theirs["payload"]!["before"], ours["payload"]!["before"]));
        foreach (var field in new[] { "op", "ts_ms" })
        {
            Assert.True(JsonNode.DeepEquals(theirs["payload"]![field], ours["payload"]![field]), field);
        }
        foreach (var field in new[] { "version", "connector", "name", "ts_ms", "snapshot", "db", "sequence", "schema", "table", "txId", "lsn" })
        {
            Assert.True(JsonNode.DeepEquals(theirs["payload"]!["source"]![field], ours["payload"]!["source"]![field]), $"source.{field}");
        }
        var theirAfterSchema = theirs["schema"]!["fields"]!.AsArray().Single(f => (string?)f!["field"] == "after")!;
        var ourAfterSchema = ours["schema"]!["fields"]!.AsArray().Single(f => (string?)f!["field"] == "after")!;
        Assert.True(JsonNode.DeepEquals(theirAfterSchema, ourAfterSchema), ourAfterSchema.ToJsonString());
        Assert.Equal("legacy.ftgo.orders.Envelope", (string?)ours["schema"]!["name"]);
        Assert.Equal("legacy.ftgo.orders", change.Topic("legacy"));
    }

    [Fact]
    public void SerializeKey_WritesThePrimaryKeyAsDebeziumDoes()
    {
        var change = DebeziumJson.DeserializeValue(
            Sample("debezium-postgres-orders-update.value.json"), Sample("debezium-postgres-orders-update.key.json"));

        var ours = JsonNode.Parse(DebeziumJson.SerializeKey(change, "legacy"));
        var theirs = JsonNode.Parse(Sample("debezium-postgres-orders-update.key.json"));

        Assert.True(JsonNode.DeepEquals(theirs, ours), ours!.ToJsonString());
    }

    [Fact]
    public void Deserialize_SchemalessDeleteWithStringDecimals_ReadsBeforeAndInfersTypes()
    {
        var change = DebeziumJson.DeserializeValue(Sample("debezium-postgres-line-item-delete.schemaless.json"));

        Assert.Equal(ChangeOperation.Delete, change.Op);
        Assert.Null(change.After);
        Assert.Equal(12.34m, change.Before!.GetDecimal("price"));
        Assert.Equal(5, change.Before.GetInt32("quantity"));
        Assert.Equal(42L, change.Row.GetInt64("order_id"));
        Assert.Equal("order_line_items", change.Source.Table);
        Assert.Equal(new ChangePosition(24023400, 24023512), change.Position);
    }

    [Fact]
    public void RoundTrip_EveryColumnType_KeepsValues()
    {
        var table = new TableSchema("ftgo", "t",
        [
            new("id", ColumnType.Int64), new("n", ColumnType.Int32), new("flag", ColumnType.Boolean),
            new("price", ColumnType.Decimal, Scale: 2, Precision: 12), new("at", ColumnType.Timestamp, Optional: true),
            new("name", ColumnType.String, Optional: true), new("ratio", ColumnType.Float64), new("negative", ColumnType.Decimal, Scale: 2),
        ], ["id"]);
        var after = new RowImage()
            .Set("id", 9L).Set("n", 3).Set("flag", true).Set("price", 61.70m)
            .Set("at", new DateTime(2026, 12, 1, 19, 0, 0, 123).AddTicks(4560)).Set("name", null).Set("ratio", 0.25).Set("negative", -1.05m);
        var change = new ChangeEvent(ChangeOperation.Create, table, null, after,
            new SourceInfo { Connector = "sqlite", Name = "legacy", Db = "legacy.db", Schema = "ftgo", Table = "t", Lsn = 17, CommitLsn = 17, TsMs = 1 }, 2);

        var back = DebeziumJson.DeserializeValue(DebeziumJson.SerializeValue(change, "legacy"), DebeziumJson.SerializeKey(change, "legacy"));

        Assert.Equal(ChangeOperation.Create, back.Op);
        Assert.Equal(9L, back.After!.GetInt64("id"));
        Assert.Equal(3, back.After.GetInt32("n"));
        Assert.True(back.After.GetBoolean("flag"));
        Assert.Equal(61.70m, back.After.GetDecimal("price"));
        Assert.Equal(-1.05m, back.After.GetDecimal("negative"));
        Assert.Equal(after.GetDateTime("at"), back.After.GetDateTime("at"));
        Assert.Null(back.After.Get("name"));
        Assert.Equal(0.25, (double)back.After.Get("ratio")!);
        Assert.Equal(new ChangePosition(17, 17), back.Position);
        Assert.Equal(["id"], back.Table.KeyColumns);
    }

    [Fact]
    public void SerializeWithoutSchema_WritesTheBarePayload_ThatReadsBackTheSame()
    {
        var change = DebeziumJson.DeserializeValue(
            Sample("debezium-postgres-orders-update.value.json"), Sample("debezium-postgres-orders-update.key.json"));

        var bare = JsonNode.Parse(DebeziumJson.SerializeValue(change, "legacy", includeSchema: false))!;
        var full = JsonNode.Parse(DebeziumJson.SerializeValue(change, "legacy"))!;
        var back = DebeziumJson.DeserializeValue(DebeziumJson.SerializeValue(change, "legacy", includeSchema: false),
            DebeziumJson.SerializeKey(change, "legacy", includeSchema: false));

        Assert.Null(bare["schema"]);
        Assert.Equal("10.00", (string?)bare["after"]!["order_minimum"]); // decimal.handling.mode=string: no schema to carry the scale
        foreach (var row in new[] { "before", "after" })
        {
            bare[row]!.AsObject().Remove("order_minimum");
            full["payload"]![row]!.AsObject().Remove("order_minimum");
        }
        Assert.True(JsonNode.DeepEquals(full["payload"], bare));
        Assert.Equal("{\"id\":42}", System.Text.Encoding.UTF8.GetString(DebeziumJson.SerializeKey(change, "legacy", includeSchema: false)));
        Assert.Equal(["id"], back.Table.KeyColumns);
        Assert.Equal(11L, back.After!.GetNullableInt64("assigned_courier_id"));
        Assert.Equal(new DateTime(2030, 1, 1, 12, 0, 0), back.After.GetDateTime("ready_by"));
        Assert.Equal(10.00m, back.After.GetDecimal("order_minimum"));
    }

    [Theory]
    [InlineData("not json at all", "not JSON")]
    [InlineData("[1,2]", "not an object")]
    [InlineData("{\"before\":null,\"after\":{\"id\":1},\"source\":{\"schema\":\"ftgo\",\"table\":\"orders\"}}", "no 'op'")]
    [InlineData("{\"op\":\"x\",\"after\":{\"id\":1},\"source\":{\"schema\":\"ftgo\",\"table\":\"orders\"}}", "unsupported op 'x'")]
    [InlineData("{\"op\":\"u\",\"before\":{\"id\":1},\"after\":null,\"source\":{\"schema\":\"ftgo\",\"table\":\"orders\"}}", "without an 'after'")]
    [InlineData("{\"op\":\"d\",\"before\":null,\"after\":null,\"source\":{\"schema\":\"ftgo\",\"table\":\"orders\"}}", "without a 'before'")]
    [InlineData("{\"op\":\"c\",\"after\":{\"id\":1}}", "no 'source'")]
    [InlineData("{\"op\":\"c\",\"after\":{\"id\":1},\"source\":{\"schema\":\"ftgo\"}}", "source.table is missing")]
    public void Deserialize_Malformed_ThrowsWithReason(string json, string reason)
    {
        var e = Assert.Throws<MalformedChangeEventException>(() => DebeziumJson.DeserializeValue(System.Text.Encoding.UTF8.GetBytes(json)));
        Assert.Contains(reason, e.Message);
    }

    [Fact]
    public void Deserialize_UndecodableDecimal_IsMalformed()
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(new
        {
            schema = new
            {
                type = "struct",
                fields = new object[]
                {
                    new { type = "struct", optional = true, field = "after", fields = new object[]
                    {
                        new { type = "bytes", optional = false, name = "org.apache.kafka.connect.data.Decimal", parameters = new { scale = "2" }, field = "price" },
                    } },
                },
            },
            payload = new { op = "c", before = (object?)null, after = new { price = "%%%" }, source = new { schema = "ftgo", table = "t" } },
        });
        var e = Assert.Throws<MalformedChangeEventException>(() => DebeziumJson.DeserializeValue(json));
        Assert.Contains("after.price", e.Message);
    }
}
