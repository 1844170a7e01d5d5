using Confluent.Kafka;
using Ftgo.Migration.Cdc;
using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Transport.Kafka;

/// <summary>
/// Publishes change events to Kafka in Debezium's JSON, one topic per table, keyed by primary
/// key (so one row's changes stay in order on one partition). The producer is idempotent with
/// <c>acks=all</c>; <see cref="WriteAsync"/> returns only when every record of the batch is
/// acknowledged, and only then does the pump acknowledge the source.
/// </summary>
public sealed class KafkaChangePublisher : IChangeSink, IDisposable
{
    private readonly IProducer<byte[], byte[]> _producer;
    private readonly KafkaOptions _options;

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
        // Sync marks are positions of the monolith's own stream; Kafka's readers count offsets instead.
        batch = batch.Where(r => !r.IsMark).ToList();
        if (batch.Count == 0)
        {
            return;
        }
        var pending = batch.Count;
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

        foreach (var record in batch)
        {
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
            while (true)
            {
                try
                {
                    _producer.Produce(topic, message, Delivered);
                    break;
                }
                catch (ProduceException<byte[], byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
                {
                    _producer.Poll(TimeSpan.FromMilliseconds(50));
                }
            }
        }
        await done.Task.WaitAsync(ct);
        if (failure is not null)
        {
            throw failure;
        }
    }

    /// <summary>Where events nobody could read go, with the reason in a header.</summary>
    public static string DeadLetterTopic(string prefix) => $"{prefix}.dead-letter";

    public void Dispose()
    {
        _producer.Flush(TimeSpan.FromSeconds(5));
        _producer.Dispose();
    }
}
