using Confluent.Kafka;
using Ftgo.Migration.Cdc;
using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Transport.Kafka;

/// <summary>
/// Publishes change events to Kafka in Debezium's JSON, one topic per table, keyed by primary
/// key (so one row's changes stay in order on one partition). The producer is idempotent with
/// <c>acks=all</c>; <see cref="WriteAsync"/> returns only when every record of the batch is
/// acknowledged, and only then does the pump acknowledge the source.
/// <para>
/// The monolith's sync marks (<see cref="SourceRecord.IsMark"/>) go to every partition of every table
/// topic after the changes before them, as a tombstone keyed <c>{"ftgo_sync_mark":position}</c> with the
/// header <see cref="MarkHeader"/>: per partition, a consumer that reaches the mark has every change
/// committed before it, so the applier can tell how far the monolith's stream is applied (the lowest
/// mark over the partitions). Other consumers see a tombstone of a key no row has, and skip it.
/// </para>
/// </summary>
public sealed class KafkaChangePublisher : IChangeSink, IDisposable
{
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly KafkaOptions _options;
    private readonly Dictionary<string, int> _partitions = [];
    private DateTime _partitionsReadAt = DateTime.MinValue;

    /// <summary>The header of a sync mark; its value is the monolith's position, in invariant digits.</summary>
    public const string MarkHeader = "ftgo-sync-mark";

    public KafkaChangePublisher(KafkaOptions options)
    {
        KafkaNative.EnsureLoaded();
        _options = options;
        _producer = new ProducerBuilder<byte[], byte[]>(new ProducerConfig
        {
            BootstrapServers = options.BootstrapServers,
            EnableIdempotence = true,
            Acks = Acks.All,
            LingerMs = 2,
            MessageTimeoutMs = 30_000,
        }).Build();
    }

    public async Task WriteAsync(IReadOnlyList<SourceRecord> batch, CancellationToken ct)
    {
        // One mark per batch is enough: the last one covers every change before it.
        var mark = batch.LastOrDefault(r => r.IsMark);
        var messages = batch.Where(r => !r.IsMark).Select(r => (Topic: (string?)null, Partition: -1, Record: r)).ToList();
        if (mark is not null)
        {
            messages.AddRange(MarkTargets().Select(t => ((string?)t.Topic, t.Partition, mark)));
        }
        if (messages.Count == 0)
        {
            return;
        }
        var pending = messages.Count;
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Exception? failure = null;
        void Delivered(DeliveryReport<byte[], byte[]> report)
        {
            if (report.Error.IsError)
            {
                failure ??= new KafkaException(report.Error);
            }
            if (Interlocked.Decrement(ref pending) == 0)
            {
                done.TrySetResult();
            }
        }

        foreach (var (markTopic, markPartition, record) in messages)
        {
            if (markTopic is not null)
            {
                Produce(new TopicPartition(markTopic, new Partition(markPartition)), MarkMessage(record.Position), Delivered);
                continue;
            }
            var (topic, message) = record.Change is { } change
                ? (change.Topic(_options.TopicPrefix), new Message<byte[], byte[]>
                {
                    Key = DebeziumJson.SerializeKey(change, _options.TopicPrefix, _options.SchemasEnabled),
                    Value = DebeziumJson.SerializeValue(change, _options.TopicPrefix, _options.SchemasEnabled),
                })
                : (DeadLetterTopic(_options.TopicPrefix), new Message<byte[], byte[]>
                {
                    Key = System.Text.Encoding.UTF8.GetBytes($"{record.Stream}:{record.Position}"),
                    Value = System.Text.Encoding.UTF8.GetBytes(record.Raw ?? ""),
                    Headers = new Headers { { "ftgo-dead-letter-reason", System.Text.Encoding.UTF8.GetBytes(record.Error ?? "") } },
                });
            Produce(new TopicPartition(topic, Partition.Any), message, Delivered);
        }
        await done.Task.WaitAsync(ct);
        if (failure is not null)
        {
            throw failure;
        }
    }

    /// <summary>Where events nobody could read go, with the reason in a header.</summary>
    public static string DeadLetterTopic(string prefix) => $"{prefix}.dead-letter";

    /// <summary>The monolith's position a consumed message marks, or null when it is not a sync mark.</summary>
    public static long? MarkOf(Message<byte[], byte[]> message) =>
        message.Headers is { } headers && headers.TryGetLastBytes(MarkHeader, out var bytes)
        && long.TryParse(System.Text.Encoding.ASCII.GetString(bytes), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var position)
            ? position
            : null;

    private static Message<byte[], byte[]> MarkMessage(long position)
    {
        var text = position.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return new Message<byte[], byte[]>
        {
            Key = System.Text.Encoding.UTF8.GetBytes($"{{\"ftgo_sync_mark\":{text}}}"),
            Value = null!,
            Headers = new Headers { { MarkHeader, System.Text.Encoding.ASCII.GetBytes(text) } },
        };
    }

    /// <summary>Every partition of every table topic (metadata read again every 30 s, so added partitions get marks too).</summary>
    private List<(string Topic, int Partition)> MarkTargets()
    {
        if (DateTime.UtcNow - _partitionsReadAt > TimeSpan.FromSeconds(30))
        {
            using var admin = new DependentAdminClientBuilder(_producer.Handle).Build();
            foreach (var topic in Catalog.LegacyCatalog.Topics(_options.TopicPrefix))
            {
                var metadata = admin.GetMetadata(topic, TimeSpan.FromSeconds(10));
                var count = metadata.Topics.FirstOrDefault(t => t.Topic == topic && !t.Error.IsError)?.Partitions.Count ?? 0;
                _partitions[topic] = Math.Max(count, 1);
            }
            _partitionsReadAt = DateTime.UtcNow;
        }
        return _partitions.SelectMany(p => Enumerable.Range(0, p.Value).Select(i => (p.Key, i))).ToList();
    }

    private void Produce(TopicPartition target, Message<byte[], byte[]> message, Action<DeliveryReport<byte[], byte[]>> delivered)
    {
        while (true)
        {
            try
            {
                _producer.Produce(target, message, delivered);
                return;
            }
            catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
            {
                _producer.Poll(TimeSpan.FromMilliseconds(50));
            }
        }
    }

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }
}
