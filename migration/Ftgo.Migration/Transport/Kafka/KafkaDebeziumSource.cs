using System.Runtime.CompilerServices;
using Confluent.Kafka;
using Ftgo.Migration.Cdc;
using Ftgo.Migration.Envelope;

namespace Ftgo.Migration.Transport.Kafka;

/// <summary>
/// Consumes Debezium change topics (<c>^&lt;prefix&gt;\.</c>, ours or a real Debezium
/// connector's) in a consumer group with manual commits: offsets are committed in
/// <see cref="AcknowledgeAsync"/>, after the applier committed the batch and its checkpoint.
/// Each topic partition is a stream; a record's position is its offset. A value that is not a
/// Debezium change becomes a malformed record (dead letter); tombstones are skipped, except the
/// publisher's sync marks (<see cref="KafkaChangePublisher.MarkHeader"/>), which become mark records.
/// </summary>
public sealed class KafkaDebeziumSource : IChangeSource
{
    private readonly KafkaOptions _options;
    private readonly IConsumer<byte[], byte[]> _consumer;
    private readonly Dictionary<TopicPartition, long> _consumed = [];

    /// <param name="say">Told each assignment and revocation of partitions (a member joined, left or died).</param>
    public KafkaDebeziumSource(KafkaOptions options, Action<string>? say = null)
    {
        KafkaNative.EnsureLoaded();
        _options = options;
        say ??= _ => { };
        _consumer = new ConsumerBuilder<byte[], byte[]>(new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = options.GroupId,
            EnableAutoCommit = false,
            EnableAutoOffsetStore = false,
            AutoOffsetReset = AutoOffsetReset.Earliest,
            SessionTimeoutMs = options.SessionTimeoutMs,
            HeartbeatIntervalMs = Math.Max(500, options.SessionTimeoutMs / 4),
            TopicMetadataRefreshIntervalMs = 2000,
        })
        // Called inside Consume, on the polling thread: what was read from a partition another member now owns
        // is not committed from here (that member starts from the last commit; the checkpoints skip the replay).
        .SetPartitionsAssignedHandler((_, partitions) => say($"cdc: partitions assigned: {Describe(partitions)}"))
        .SetPartitionsRevokedHandler((_, partitions) => Forget(partitions.Select(p => p.TopicPartition), "revoked", say))
        .SetPartitionsLostHandler((_, partitions) => Forget(partitions.Select(p => p.TopicPartition), "lost", say))
        .Build();
    }

    private void Forget(IEnumerable<TopicPartition> partitions, string how, Action<string> say)
    {
        var list = partitions.ToList();
        list.ForEach(p => _consumed.Remove(p));
        say($"cdc: partitions {how}: {Describe(list)}");
    }

    /// <summary>"orders[0,2] order_line_items[0,2]": the partitions by table, the prefix and schema left out.</summary>
    private static string Describe(IEnumerable<TopicPartition> partitions)
    {
        var byTopic = partitions.GroupBy(p => p.Topic[(p.Topic.LastIndexOf('.') + 1)..], StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => $"{g.Key}[{string.Join(",", g.Select(p => p.Partition.Value).Order())}]")
            .ToList();
        return byTopic.Count == 0 ? "none" : string.Join(" ", byTopic);
    }

    private static string Escape(string name) => name.Replace(".", "\\.");

    public static string Stream(string topic, int partition) => $"kafka:{topic}:{partition}";

    public async IAsyncEnumerable<IReadOnlyList<SourceRecord>> ReadAsync([EnumeratorCancellation] CancellationToken ct)
    {
        // librdkafka's regex has no look-ahead: the dead-letter topic (<prefix>.dead-letter) stays
        // out because it has no schema segment.
        _consumer.Subscribe($"^{Escape(_options.TopicPrefix)}\\.{Escape(_options.Schema)}\\..+");
        while (!ct.IsCancellationRequested)
        {
            var batch = await Task.Run(() => Poll(ct), CancellationToken.None);
            if (batch.Count > 0)
            {
                yield return batch;
            }
        }
    }

    private List<SourceRecord> Poll(CancellationToken ct)
    {
        var batch = new List<SourceRecord>();
        try
        {
            var first = _consumer.Consume(TimeSpan.FromMilliseconds(200));
            var next = first;
            while (next is not null)
            {
                _consumed[next.TopicPartition] = next.Offset.Value;
                if (ToRecord(next) is { } record)
                {
                    batch.Add(record);
                }
                if (batch.Count >= _options.MaxBatch || ct.IsCancellationRequested)
                {
                    break;
                }
                next = _consumer.Consume(TimeSpan.Zero);
            }
        }
        catch (ConsumeException e) when (!e.Error.IsFatal)
        {
            // A partition error (e.g. a topic not yet known to the regex): the next poll retries.
        }
        return batch;
    }

    /// <summary>A consumed message as the applier takes it: a change, a malformed record, a sync mark, or nothing (a tombstone).</summary>
    public static SourceRecord? ToRecord(ConsumeResult<byte[], byte[]> result)
    {
        var stream = Stream(result.Topic, result.Partition.Value);
        if (KafkaChangePublisher.MarkOf(result.Message) is { } marked)
        {
            return SourceRecord.Mark(stream, result.Offset.Value, marked);
        }
        if (result.Message.Value is not { } value)
        {
            return null;
        }
        try
        {
            return new SourceRecord(stream, result.Offset.Value, DebeziumJson.DeserializeValue(value, result.Message.Key ?? [])) { RawUtf8 = value };
        }
        catch (MalformedChangeEventException e)
        {
            return SourceRecord.Malformed(stream, result.Offset.Value, DebeziumJson.Text(value), $"{result.Topic}@{result.Offset.Value}: {e.Message}");
        }
    }

    public Task AcknowledgeAsync(IReadOnlyList<SourceRecord> batch, CancellationToken ct)
    {
        if (_consumed.Count == 0)
        {
            return Task.CompletedTask;
        }
        var offsets = _consumed.Select(p => new TopicPartitionOffset(p.Key, p.Value + 1)).ToList();
        try
        {
            _consumer.Commit(offsets);
        }
        catch (KafkaException e) when (!e.Error.IsFatal)
        {
            // Nothing new (Local_NoOffset) or a rebalance took the partitions: the records are
            // replayed to whoever owns them next, and the applier's checkpoints skip them.
        }
        _consumed.Clear();
        return Task.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        try
        {
            _consumer.Close();
        }
        catch (KafkaException)
        {
        }
        _consumer.Dispose();
        return ValueTask.CompletedTask;
    }
}
