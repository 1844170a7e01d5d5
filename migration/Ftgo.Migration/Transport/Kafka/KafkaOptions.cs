namespace Ftgo.Migration.Transport.Kafka;

/// <summary>
/// The Kafka side of CDC: <c>Ftgo:Kafka:BootstrapServers</c>, the topic prefix (Debezium's
/// <c>topic.prefix</c>; topics are <c>&lt;prefix&gt;.&lt;schema&gt;.&lt;table&gt;</c>) and the
/// applier's consumer group.
/// </summary>
public sealed record KafkaOptions
{
    public required string BootstrapServers { get; init; }
    public string TopicPrefix { get; init; } = "legacy";
    public string GroupId { get; init; } = "ftgo-cdc-applier";

    /// <summary>The captured schema: the consumer subscribes to <c>^&lt;prefix&gt;\.&lt;schema&gt;\..+</c>.</summary>
    public string Schema { get; init; } = Catalog.LegacyCatalog.Schema;

    /// <summary>Short in tests: a consumer killed without closing keeps its partitions this long.</summary>
    public int SessionTimeoutMs { get; init; } = 10_000;

    public int MaxBatch { get; init; } = 2000;

    /// <summary>
    /// Whether published events carry their Kafka Connect schema (JsonConverter's default,
    /// <c>schemas.enable=true</c>). Without it an event is about a tenth of the size; the consumer reads both.
    /// </summary>
    public bool SchemasEnabled { get; init; } = true;
}
