namespace Ftgo.Stages;

/// <summary>
/// The monolith's answer to <c>GET /_ftgo/partitions/{by}?order={id}</c> (<see cref="Path"/>): the partition of an
/// order, in the invariant digits every process hashes. 404 when the monolith holds no such order.
/// </summary>
public sealed record PartitionOfOrder(long Order, string Partition)
{
    /// <summary>The lookup's path for a partition (<c>/_ftgo/partitions/restaurant</c>); internal, the gateway answers 404 to clients.</summary>
    public static string Path(string by) => "/_ftgo/partitions/" + by;
}
