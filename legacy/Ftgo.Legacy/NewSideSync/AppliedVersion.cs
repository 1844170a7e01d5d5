namespace Ftgo.Legacy.NewSideSync;

/// <summary>
/// The newest version of a new-side fact the monolith has applied, per stream and aggregate (e.g. a
/// courier's availability). A fact that is not forward-only by nature — availability goes on and off —
/// carries its aggregate's version, and one that arrives after a newer one is skipped: messages of one
/// courier can overtake each other on the bus (parallel handlers, retries, several nodes). Part of the
/// glue's footprint in the monolith's schema, not of the monolith's domain.
/// </summary>
public sealed class AppliedVersion
{
    private AppliedVersion() { }

    public AppliedVersion(string stream, long aggregateId, int version)
    {
        Stream = stream;
        AggregateId = aggregateId;
        Version = version;
    }

    public string Stream { get; private set; } = "";

    public long AggregateId { get; private set; }

    public int Version { get; private set; }

    /// <summary>Moves to <paramref name="version"/> when it is newer; false when it is not (the fact is stale).</summary>
    public bool Advance(int version)
    {
        if (version <= Version)
        {
            return false;
        }
        Version = version;
        return true;
    }
}
