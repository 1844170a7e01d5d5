namespace Ftgo.Hosting.Sync;

/// <summary>
/// What the writes of one request produced (scoped: one per request): the messages its commit sent and,
/// on the monolith, its position in the change stream. <see cref="SyncMiddleware"/> answers them in
/// <see cref="SyncToken.Header"/>. A unit of work adds its messages just before it commits them.
/// </summary>
public sealed class SyncPositions
{
    private readonly List<SyncMessage> _messages = [];

    public void Add(SyncMessage message)
    {
        lock (_messages)
        {
            _messages.Add(message);
        }
    }

    /// <summary>The token of this request's writes, with the change-stream position when there is one.</summary>
    public SyncToken ToToken(long cdc)
    {
        lock (_messages)
        {
            return new SyncToken(cdc, _messages.ToList());
        }
    }
}
