using System.Text.RegularExpressions;
using Confluent.Kafka;

namespace Ftgo.Migration.Transport.Kafka;

/// <summary>One partition's consumer lag: the offsets the applier's group has not committed yet.</summary>
public sealed record PartitionLag(string Topic, int Partition, long Committed, long End)
{
    public long Lag => Math.Max(0, End - Math.Max(Committed, 0));
}

/// <summary>
/// The applier's consumer lag on the change topics, per partition and summed: the end offset of each
/// partition of <c>&lt;prefix&gt;.&lt;schema&gt;.*</c> less what the applier's group committed (nothing
/// committed: the whole partition). Read as an outsider: the committed offsets are fetched for the group
/// without joining it, so reading never moves a partition.
/// </summary>
public static class KafkaConsumerLag
{
    public static Task<IReadOnlyList<PartitionLag>> ReadAsync(KafkaOptions options, CancellationToken ct) =>
        Task.Run<IReadOnlyList<PartitionLag>>(() => Read(options), ct);

    private static IReadOnlyList<PartitionLag> Read(KafkaOptions options)
    {
        KafkaNative.EnsureLoaded();
        var timeout = TimeSpan.FromSeconds(5);
        var topics = new Regex($"^{Regex.Escape(options.TopicPrefix)}\\.{Regex.Escape(options.Schema)}\\..+$");
        using var admin = new AdminClientBuilder(new AdminClientConfig { BootstrapServers = options.BootstrapServers }).Build();
        var partitions = admin.GetMetadata(timeout).Topics
            .Where(t => topics.IsMatch(t.Topic) && t.Error.Code == ErrorCode.NoError)
            .SelectMany(t => t.Partitions.Select(p => new TopicPartition(t.Topic, p.PartitionId)))
            .OrderBy(p => p.Topic, StringComparer.Ordinal).ThenBy(p => p.Partition.Value)
            .ToList();
        if (partitions.Count == 0)
        {
            return [];
        }
        // Same group id, never subscribed: Committed() asks the group coordinator without joining the group.
        using var consumer = new ConsumerBuilder<Ignore, Ignore>(new ConsumerConfig
        {
            BootstrapServers = options.BootstrapServers,
            GroupId = options.GroupId,
            EnableAutoCommit = false,
        }).Build();
        var committed = consumer.Committed(partitions, timeout).ToDictionary(c => c.TopicPartition, c => c.Offset.Value);
        return partitions.Select(p => new PartitionLag(p.Topic, p.Partition.Value, committed.GetValueOrDefault(p, -1),
            consumer.QueryWatermarkOffsets(p, timeout).High.Value)).ToList();
    }
}
